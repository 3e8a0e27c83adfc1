/**
 * A small SVG line chart: panels stacked over one time axis, with shaded spans (the engine's outages) and
 * vertical markers (kills, reloads, rotations) drawn across all of them. Written by hand because the project
 * has no charting dependency and needs only polylines, rectangles and text.
 */

export interface Point {
  /** Seconds since the start. */
  t: number;
  /** null: no value here (the line is broken, not drawn through zero). */
  v: number | null;
}

export interface Panel {
  title: string;
  unit: string;
  color: string;
  points: readonly Point[];
}

export interface Marker {
  t: number;
  /** Also the legend entry: markers with the same label share one. */
  label: string;
  color: string;
}

export interface Span {
  from: number;
  to: number;
  label: string;
}

export interface ChartSpec {
  title: string;
  subtitle?: string;
  durationS: number;
  panels: readonly Panel[];
  markers?: readonly Marker[];
  spans?: readonly Span[];
}

const WIDTH = 1000;
const PANEL_HEIGHT = 170;
const PANEL_GAP = 40;
const LEFT = 80;
const RIGHT = 20;
const TOP = 80;
const BOTTOM = 40;

export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** The smallest 1, 2 or 5 × 10^k at or above `max` (1 for an empty or all-zero series). */
export function niceCeiling(max: number): number {
  if (!(max > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(max));
  for (const step of [1, 2, 5, 10]) if (step * power >= max) return step * power;
  return 10 * power;
}

function formatValue(value: number): string {
  if (value >= 1e6) return `${+(value / 1e6).toFixed(1)}M`;
  if (value >= 1e4) return `${+(value / 1e3).toFixed(1)}k`;
  return String(+value.toFixed(2));
}

/** Runs of consecutive non-null points: a null breaks the line. */
export function segments(points: readonly Point[]): Point[][] {
  const runs: Point[][] = [];
  let current: Point[] = [];
  for (const point of points) {
    if (point.v === null || !Number.isFinite(point.v)) {
      if (current.length > 0) runs.push(current);
      current = [];
    } else current.push(point);
  }
  if (current.length > 0) runs.push(current);
  return runs;
}

export function renderChart(spec: ChartSpec): string {
  const plotWidth = WIDTH - LEFT - RIGHT;
  const height = TOP + spec.panels.length * (PANEL_HEIGHT + PANEL_GAP) - PANEL_GAP + BOTTOM;
  const duration = spec.durationS > 0 ? spec.durationS : 1;
  const x = (t: number): number => LEFT + (Math.min(Math.max(t, 0), duration) / duration) * plotWidth;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="${WIDTH}" height="${height}" fill="white"/>`,
    `<text x="${LEFT}" y="24" font-size="16" font-weight="bold">${escapeXml(spec.title)}</text>`,
  ];
  if (spec.subtitle) out.push(`<text x="${LEFT}" y="44" fill="#444">${escapeXml(spec.subtitle)}</text>`);
  out.push(...legend(spec));

  const minuteStep = niceCeiling(duration / 60 / 10);
  spec.panels.forEach((panel, index) => {
    const top = TOP + index * (PANEL_HEIGHT + PANEL_GAP);
    const bottom = top + PANEL_HEIGHT;
    const values = panel.points.map((p) => p.v).filter((v): v is number => v !== null && Number.isFinite(v));
    const ceiling = niceCeiling(Math.max(0, ...values));
    const y = (v: number): number => bottom - (Math.max(0, v) / ceiling) * PANEL_HEIGHT;
    for (const span of spec.spans ?? []) {
      out.push(`<rect x="${x(span.from).toFixed(1)}" y="${top}" width="${Math.max(1, x(span.to) - x(span.from)).toFixed(1)}" height="${PANEL_HEIGHT}" fill="#f3d9d9"/>`);
    }
    out.push(`<rect x="${LEFT}" y="${top}" width="${plotWidth}" height="${PANEL_HEIGHT}" fill="none" stroke="#999"/>`);
    for (const fraction of [0, 0.5, 1]) {
      const value = ceiling * fraction;
      out.push(
        `<line x1="${LEFT}" x2="${LEFT + plotWidth}" y1="${y(value).toFixed(1)}" y2="${y(value).toFixed(1)}" stroke="#e5e5e5"/>`,
        `<text x="${LEFT - 6}" y="${(y(value) + 4).toFixed(1)}" text-anchor="end">${formatValue(value)}</text>`,
      );
    }
    out.push(`<text x="${LEFT}" y="${top - 8}" font-weight="bold">${escapeXml(`${panel.title} (${panel.unit})`)}</text>`);
    for (const marker of spec.markers ?? []) {
      out.push(`<line x1="${x(marker.t).toFixed(1)}" x2="${x(marker.t).toFixed(1)}" y1="${top}" y2="${bottom}" stroke="${marker.color}" stroke-dasharray="3,3"/>`);
    }
    for (const run of segments(panel.points)) {
      const points = run.map((p) => `${x(p.t).toFixed(1)},${y(p.v as number).toFixed(1)}`).join(' ');
      out.push(`<polyline fill="none" stroke="${panel.color}" stroke-width="1.5" points="${points}"/>`);
    }
    for (let minute = 0; minute * 60 <= duration; minute += minuteStep) {
      out.push(`<line x1="${x(minute * 60).toFixed(1)}" x2="${x(minute * 60).toFixed(1)}" y1="${bottom}" y2="${bottom + 4}" stroke="#999"/>`);
      if (index === spec.panels.length - 1) out.push(`<text x="${x(minute * 60).toFixed(1)}" y="${bottom + 18}" text-anchor="middle">${minute}</text>`);
    }
  });
  out.push(`<text x="${LEFT + plotWidth / 2}" y="${height - 6}" text-anchor="middle">minutes</text>`, '</svg>', '');
  return out.join('\n');
}

/** One entry per marker label and one per span label, in order of first appearance. */
function legend(spec: ChartSpec): string[] {
  const entries = new Map<string, string>();
  for (const span of spec.spans ?? []) if (!entries.has(span.label)) entries.set(span.label, 'span');
  for (const marker of spec.markers ?? []) if (!entries.has(marker.label)) entries.set(marker.label, marker.color);
  const out: string[] = [];
  let left = LEFT;
  for (const [label, color] of entries) {
    if (color === 'span') out.push(`<rect x="${left}" y="56" width="14" height="10" fill="#f3d9d9"/>`);
    else out.push(`<line x1="${left}" x2="${left + 14}" y1="61" y2="61" stroke="${color}" stroke-width="2" stroke-dasharray="3,3"/>`);
    out.push(`<text x="${left + 18}" y="65">${escapeXml(label)}</text>`);
    left += 28 + label.length * 7;
  }
  return out;
}
