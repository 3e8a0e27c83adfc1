/**
 * Records of a CSV file, fed in chunks so a large file is never held whole, by `validate`'s synchronous
 * check as well as at start-up. The usual parsers read a stream (asynchronous) or a whole string, neither
 * of which fits the check, so this reads the common subset of RFC 4180 itself: fields separated by commas, records by
 * line breaks (LF or CRLF), a field in double quotes may hold commas, quotes (doubled: "") and line breaks;
 * a UTF-8 byte order mark is skipped and empty lines are ignored. Other separators, lone-CR line ends and
 * a quote inside an unquoted field (read as a plain character) are not supported.
 */

export interface CsvRecord {
  /** The line the record starts on (1-based). */
  readonly line: number;
  readonly fields: string[];
}

export class CsvRecords {
  private field = '';
  private fields: string[] = [];
  /** Whether the current field started with a quote and its closing quote has not been seen. */
  private quoted = false;
  /** A quote inside a quoted field: either the first of "" or the closing quote, as the next character tells. */
  private quoteSeen = false;
  /** The current field was quoted and closed: a quote after it is a plain character. */
  private wasQuoted = false;
  private line = 1;
  private recordLine = 1;
  private started = false;

  /** The records completed by `chunk`. */
  push(chunk: string): CsvRecord[] {
    const records: CsvRecord[] = [];
    let text = chunk;
    if (!this.started) {
      this.started = true;
      if (text.startsWith('\uFEFF')) text = text.slice(1);
    }
    for (const ch of text) {
      if (this.quoted) {
        if (this.quoteSeen) {
          this.quoteSeen = false;
          if (ch === '"') {
            this.field += '"';
            continue;
          }
          this.quoted = false;
          this.wasQuoted = true;
          // The quote closed the field: this character is read as outside quotes, below.
        } else if (ch === '"') {
          this.quoteSeen = true;
          continue;
        } else {
          this.field += ch;
          if (ch === '\n') this.line++;
          continue;
        }
      }
      if (ch === ',') this.endField();
      else if (ch === '\n') {
        this.endRecord(records);
        this.line++;
        this.recordLine = this.line;
      } else if (ch === '\r') continue;
      else if (ch === '"' && this.field === '' && !this.wasQuoted) this.quoted = true;
      else this.field += ch;
    }
    return records;
  }

  /** The last record, or an error when the file ends inside a quoted field. */
  end(): CsvRecord[] {
    if (this.quoted && !this.quoteSeen) throw new CsvError(this.recordLine, 'the file ends inside a quoted field (a closing " is missing)');
    const records: CsvRecord[] = [];
    this.endRecord(records);
    return records;
  }

  private endField(): void {
    this.fields.push(this.field);
    this.field = '';
    this.quoted = false;
    this.quoteSeen = false;
    this.wasQuoted = false;
  }

  private endRecord(records: CsvRecord[]): void {
    const empty = this.fields.length === 0 && this.field === '' && !this.wasQuoted && !this.quoted;
    this.endField();
    if (!empty) records.push({ line: this.recordLine, fields: this.fields });
    this.fields = [];
  }
}

/** A CSV file that cannot be read past `line`. */
export class CsvError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
  }
}
