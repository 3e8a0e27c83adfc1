/**
 * Replaces personal and payment data in event fields before anything else sees it (models, outputs).
 * An event with a replacement gets the tag `redacted`; the replaced values are not kept anywhere.
 */
import type { MetadataJson } from 'libphonenumber-js/core';
import type { Processor } from '../../agent/kit.js';
import { addTag, getField, isFieldObject, setField, type FieldValue, type LogEvent } from '../../agent/kit.js';
import type { RedactConfig } from './config.js';
import type { Detector } from './detector.js';
import { builtinDetectors } from './detectors.js';

const REDACTED_TAG = 'redacted';

export class Redact implements Processor {
  /** Detectors in the order they run, each with its replacement text. */
  private readonly detectors: { detector: Detector; label: string }[];

  /** `phoneMetadata` is for comparing libphonenumber-js metadata sets (bench/redact.ts); the default is the full set. */
  constructor(
    private readonly config: RedactConfig,
    phoneMetadata?: MetadataJson,
  ) {
    // Custom patterns first: a site's own pattern (an ssn, an employee id) wins over a built-in matching the same text.
    const detectors: Detector[] = [
      ...config.patterns.map((p) => ({ name: p.name, pattern: new RegExp(p.regex, 'g') })),
      ...builtinDetectors(config.detectors, config.default_region, phoneMetadata),
    ];
    this.detectors = detectors.map((detector) => ({ detector, label: config.replacement.replace('{type}', detector.name) }));
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
    for (const { detector, label } of this.detectors) {
      const { pattern, confirm, rewrite, mayMatch } = detector;
      if (mayMatch && !mayMatch(out)) continue;
      // Built-in patterns have no capture groups, so the callback's 2nd and 3rd arguments are offset and text.
      if (rewrite) out = out.replace(pattern, (match: string, offset: number, whole: string) => rewrite(match, offset, whole, label));
      else if (confirm) out = out.replace(pattern, (match: string) => (confirm(match) ? label : match));
      else out = out.replace(pattern, () => label);
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
