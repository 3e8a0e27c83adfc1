/**
 * The detectors that read one field, laid out for the scoring loop: patterns, views, character gates and gate
 * words in parallel arrays, chosen once. The detectors differ in which optional properties they carry, so
 * reading them one by one in the loop met many object shapes; flat arrays keep every access of one kind.
 */
import { charMask, maskOf } from './char-gate.js';
import type { Detector, ViewName } from './detectors.js';
import type { Views } from './normalise.js';
import { wordGate, wordsIn, type WordGate } from './word-gate.js';

const VIEW_ORDER: readonly ViewName[] = ['text', 'spaced', 'shell', 'lookups', 'raw', 'commented', 'path', 'collapsed'];
const RAW = VIEW_ORDER.indexOf('raw');
const PATH = VIEW_ORDER.indexOf('path');
const SPACED = VIEW_ORDER.indexOf('spaced');
const COMMENTED = VIEW_ORDER.indexOf('commented');
const COLLAPSED = VIEW_ORDER.indexOf('collapsed');

export interface DetectorTable {
  readonly detectors: readonly Detector[];
  readonly patterns: readonly RegExp[];
  /** Index of each detector's view in VIEW_ORDER. */
  readonly views: Uint8Array;
  /** Each detector's character gate (char-gate.ts; 0: none). */
  readonly gates: Uint32Array;
  /** Each detector's gate words (undefined: none). */
  readonly words: readonly (readonly string[] | undefined)[];
  /** Characters the normalised text must hold one of before the gate is looked at (0: none). */
  readonly needs: Uint32Array;
  /** For each view, the automaton over the gate words of its detectors (undefined: none has words). */
  readonly wordGates: readonly (WordGate | undefined)[];
  /** Each detector's bit in its view's word gate (0: no gate words, or more than 32 detectors share the view). */
  readonly wordBits: Uint32Array;
}

export function detectorTable(detectors: readonly Detector[]): DetectorTable {
  const wordBits = new Uint32Array(detectors.length);
  const wordGates = VIEW_ORDER.map((view) => {
    // The first 32 detectors of the view with gate words share its automaton; any more look for their words one by one.
    const gated = detectors.flatMap((det, d) => (det.view === view && det.words !== undefined ? [d] : [])).slice(0, 32);
    gated.forEach((d, bit) => (wordBits[d] = 1 << bit));
    return gated.length === 0 ? undefined : wordGate(gated.map((d) => detectors[d]?.words ?? []));
  });
  return {
    detectors,
    patterns: detectors.map((det) => det.pattern),
    views: Uint8Array.from(detectors, (det) => VIEW_ORDER.indexOf(det.view)),
    gates: Uint32Array.from(detectors, (det) => (det.chars === undefined ? 0 : maskOf(det.chars))),
    words: detectors.map((det) => det.words),
    needs: Uint32Array.from(detectors, (det) => (det.needs === undefined ? 0 : maskOf(det.needs))),
    wordGates,
    wordBits,
  };
}

function holdsAny(text: string, words: readonly string[]): boolean {
  for (let i = 0; i < words.length; i++) if (text.indexOf(words[i] as string) >= 0) return true;
  return false;
}

/** The views of one value in VIEW_ORDER, refilled for each value (one value is matched at a time). */
const viewTexts: string[] = VIEW_ORDER.map(() => '');
/** For each view of the value, the bits of its word gate's detectors whose words it holds, once looked for. */
const wordMasks = new Uint32Array(VIEW_ORDER.length);

/** `text` up to its first `?` or `#`: cut only when a detector of the path view gets past its gate. */
function pathOf(text: string): string {
  const query = text.indexOf('?');
  const fragment = text.indexOf('#');
  const end = query < 0 ? fragment : fragment < 0 ? query : Math.min(query, fragment);
  return end < 0 ? text : text.slice(0, end);
}

/** `//` or `/./` runs, not a scheme's `//` (after `:`). */
const EXTRA_SLASHES = /(?<!:)\/(?:\.?\/)+/g;

/**
 * `text` with each run of `//` and `/./` folded to one `/`, as a server resolves a path before opening it
 * (`/etc//passwd` is `/etc/passwd`); a scheme's `//` stays. Cut only when a detector of this view gets past
 * its gate, and such detectors are skipped when there is nothing to fold.
 */
function collapsedOf(text: string): string {
  return text.indexOf('//') < 0 && text.indexOf('/./') < 0 ? text : text.replace(EXTRA_SLASHES, '/');
}

/** The text of one view of a value, for tests and tools (the scoring loop keeps its own). */
export function viewText(views: Views, name: ViewName): string {
  return name === 'path' ? pathOf(views.text) : name === 'collapsed' ? collapsedOf(views.text) : views[name];
}

/** Calls found(detector, match) for each detector of the table whose gate lets it through and whose pattern matches. */
export function matchTable(table: DetectorTable, views: Views, found: (det: Detector, match: RegExpExecArray) => void): void {
  viewTexts[0] = views.text;
  viewTexts[1] = views.spaced;
  viewTexts[2] = views.shell;
  viewTexts[3] = views.lookups;
  viewTexts[4] = views.raw;
  viewTexts[5] = views.commented;
  // A value without comments has nothing for the detectors of comments to look at.
  const hasComments = views.commented !== views.text;
  let pathCut = false;
  let collapsedCut = false;
  let wordsScanned = 0;
  // The views other than raw and spaced differ from text only in what they drop, so text's characters gate
  // them; spaced has a space where a comment was (`and/**/2=2` is `and2=2` in text), so it gates itself.
  const held = charMask(views.text);
  const heldRaw = views.raw === views.text ? held : charMask(views.raw);
  const heldSpaced = views.spaced === views.text ? held : charMask(views.spaced);
  const { patterns, gates, words, needs, wordGates, wordBits } = table;
  const viewOf = table.views;
  for (let d = 0; d < patterns.length; d++) {
    const v = viewOf[d] as number;
    if (v === COMMENTED && !hasComments) continue;
    const gate = gates[d] as number;
    const need = needs[d] as number;
    if (need !== 0 && (need & held) === 0) continue;
    const gateWords = words[d];
    const heldHere = v === RAW ? heldRaw : v === SPACED ? heldSpaced : held;
    if (gateWords === undefined && gate !== 0 && (gate & heldHere) === 0) continue;
    if (v === PATH && !pathCut) {
      viewTexts[PATH] = pathOf(views.text);
      pathCut = true;
    }
    if (v === COLLAPSED) {
      if (!collapsedCut) {
        viewTexts[COLLAPSED] = collapsedOf(views.text);
        collapsedCut = true;
      }
      if (viewTexts[COLLAPSED] === views.text) continue;
    }
    const view = viewTexts[v] as string;
    if (gateWords !== undefined && (gate & heldHere) === 0) {
      const bit = wordBits[d] as number;
      if (bit === 0) {
        if (!holdsAny(view, gateWords)) continue;
      } else {
        if ((wordsScanned & (1 << v)) === 0) {
          wordMasks[v] = wordsIn(wordGates[v] as WordGate, view);
          wordsScanned |= 1 << v;
        }
        if (((wordMasks[v] as number) & bit) === 0) continue;
      }
    }
    const match = (patterns[d] as RegExp).exec(view);
    if (match !== null) found(table.detectors[d] as Detector, match);
  }
}
