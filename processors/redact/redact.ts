/**
 * Replaces personal and payment data in event fields before anything else sees it (models, outputs).
 * An event with a replacement gets the tag `redacted`; the replaced values are not kept anywhere.
 */
import type { Processor } from '../../agent/kit.js';
import { addTag, getField, isFieldObject, setField, type FieldValue, type LogEvent } from '../../agent/kit.js';
import type { RedactConfig } from './config.js';
import { BUILTIN_DETECTORS, type Detector } from './detectors.js';

const REDACTED_TAG = 'redacted';

export class Redact implements Processor {
  private readonly detectors: Detector[];

  constructor(private readonly config: RedactConfig) {
    // IBANs and cards first: their digits would otherwise be taken for phone numbers.
    const order = ['iban', 'card', 'email', 'phone'] as const;
    this.detectors = [
      ...order.filter((name) => config.detectors.includes(name)).map((name) => BUILTIN_DETECTORS[name]),
      ...config.patterns.map((p) => ({ name: p.name, pattern: new RegExp(p.regex, 'g') })),
    ];
  }

  process(events: LogEvent[]): LogEvent[] {
    for (const event of events) {
      let changed = false;
      if (this.config.fields.length === 0) {
        changed = this.redactObject(event as Record<string, FieldValue | undefined>);
      } else {
        for (const field of this.config.fields) {
          const value = getField(event, field);
          if (typeof value !== 'string') continue;
          const redacted = this.redactText(value);
          if (redacted !== value) {
            setField(event, field, redacted);
            changed = true;
          }
        }
      }
      if (changed) addTag(event, REDACTED_TAG);
    }
    return events;
  }

  redactText(text: string): string {
    let out = text;
    for (const detector of this.detectors) {
      detector.pattern.lastIndex = 0;
      out = out.replace(detector.pattern, (match) => (detector.confirm && !detector.confirm(match) ? match : this.config.replacement.replace('{type}', detector.name)));
    }
    return out;
  }

  /** Every string below `node`, arrays included; tags are left alone. */
  private redactObject(node: Record<string, FieldValue | undefined> | FieldValue[]): boolean {
    let changed = false;
    const entries: [string | number, FieldValue | undefined][] = Array.isArray(node) ? node.map((v, i) => [i, v]) : Object.entries(node);
    for (const [key, value] of entries) {
      if (key === 'tags') continue;
      if (typeof value === 'string') {
        const redacted = this.redactText(value);
        if (redacted !== value) {
          (node as Record<string | number, FieldValue>)[key] = redacted;
          changed = true;
        }
      } else if (Array.isArray(value) || isFieldObject(value)) {
        if (this.redactObject(value as Record<string, FieldValue | undefined>)) changed = true;
      }
    }
    return changed;
  }
}
