/**
 * Turns a soak run's samples, its timeline of disruptions and its account into the chart and the text that
 * bench/RESULTS.md records.
 */
import type { Account } from './account.js';
import type { Sample } from './sampler.js';
import type { ChartSpec, Marker, Span } from './svg-chart.js';

export interface TimelineEntry {
  /** Seconds since the start. */
  t: number;
  kind: 'rotate' | 'copytruncate' | 'kill' | 'reload' | 'engine-stop' | 'engine-ready' | 'writing-stopped' | 'caught-up';
  detail?: string;
}

export interface RunSummary {
  command: string;
  minutes: number;
  /** Minutes of load after the disrupted part, with rotations only. */
  steadyMinutes: number;
  rates: Record<string, number>;
  loadAverage: { start: number[]; end: number[] };
  samples: readonly Sample[];
  timeline: readonly TimelineEntry[];
  account: Account;
  agentCpuSeconds: number;
  /** Seconds from the end of writing until the store held every event (undefined: it never did). */
  drainSeconds: number | undefined;
  /** The raw copy's duplicates by origin: sent again from the same file, or read again from another one. */
  duplicateOrigins: { sameFile: number; otherFile: number } | undefined;
}

const MARKERS: Partial<Record<TimelineEntry['kind'], { label: string; color: string }>> = {
  kill: { label: 'SIGKILL + restart', color: '#d62728' },
  reload: { label: 'SIGHUP reload', color: '#1f77b4' },
  rotate: { label: 'rotation (rename)', color: '#bbbbbb' },
  copytruncate: { label: 'copytruncate', color: '#ff7f0e' },
  'writing-stopped': { label: 'load ends', color: '#2ca02c' },
};

/** Outages: from each engine stop to the next time it answered again. */
export function outages(timeline: readonly TimelineEntry[], end: number): Span[] {
  const spans: Span[] = [];
  let down: number | undefined;
  for (const entry of timeline) {
    if (entry.kind === 'engine-stop') down = entry.t;
    if (entry.kind === 'engine-ready' && down !== undefined) {
      spans.push({ from: down, to: entry.t, label: 'Elasticsearch down' });
      down = undefined;
    }
  }
  if (down !== undefined) spans.push({ from: down, to: end, label: 'Elasticsearch down' });
  return spans;
}

export function chartSpec(summary: RunSummary): ChartSpec {
  const end = Math.max(0, ...summary.samples.map((s) => s.t));
  const markers: Marker[] = [];
  for (const entry of summary.timeline) {
    const style = MARKERS[entry.kind];
    if (style) markers.push({ t: entry.t, ...style });
  }
  const { total } = summary.account;
  return {
    title: `Soak: ${summary.minutes} min of mixed load${summary.steadyMinutes > 0 ? ` (+${summary.steadyMinutes} min with rotations only)` : ''} through one agent into Elasticsearch`,
    subtitle: `${total.written} events written, ${total.stored} stored, ${total.deadLettered} dead-lettered, ${total.missing} missing, ${total.duplicates} re-sent duplicates`,
    durationS: end,
    panels: [
      { title: 'agent resident memory', unit: 'MiB', color: '#9467bd', points: summary.samples.map((s) => ({ t: s.t, v: s.rssMiB })) },
      { title: 'agent CPU', unit: '% of one core', color: '#8c564b', points: summary.samples.map((s) => ({ t: s.t, v: s.cpuPercent })) },
      { title: 'lag: written but not yet stored', unit: 'events', color: '#d62728', points: summary.samples.map((s) => ({ t: s.t, v: s.lag })) },
      { title: 'store growth', unit: 'events/s', color: '#2ca02c', points: summary.samples.map((s) => ({ t: s.t, v: s.eventsPerSecond })) },
    ],
    markers,
    spans: outages(summary.timeline, end),
  };
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0 ? Number.NaN : (sorted[Math.floor(sorted.length / 2)] as number);
};

/** Median RSS over a stretch of the load (fractions of the writing time), outages and restarts included. */
function rssBetween(samples: readonly Sample[], from: number, to: number): number {
  return median(samples.filter((s) => s.t >= from && s.t < to && s.rssMiB !== null).map((s) => s.rssMiB as number));
}

export function summaryMarkdown(summary: RunSummary): string {
  const { account, samples } = summary;
  const loadEnd = summary.timeline.find((e) => e.kind === 'writing-stopped')?.t ?? Math.max(0, ...samples.map((s) => s.t));
  const rss = samples.map((s) => s.rssMiB).filter((v): v is number => v !== null);
  const lags = samples.map((s) => s.lag).filter((v): v is number => v !== null);
  const count = (kind: TimelineEntry['kind']) => summary.timeline.filter((e) => e.kind === kind).length;
  const reloads = summary.timeline.filter((e) => e.kind === 'reload').map((e) => e.detail ?? '?');
  const outageSpans = outages(summary.timeline, loadEnd);
  const fixed = (v: number, digits = 0) => (Number.isFinite(v) ? v.toFixed(digits) : 'n/a');
  // The last life: from the last restart to the end of the load, in quarters, to show whether memory levels off.
  const lastStart = Math.max(0, ...summary.timeline.filter((e) => e.kind === 'kill').map((e) => e.t));
  const quarter = (loadEnd - lastStart) / 4;
  const lastLife = [0, 1, 2, 3].map((q) => fixed(rssBetween(samples, lastStart + q * quarter, lastStart + (q + 1) * quarter)));
  const rows = account.streams.map(
    (s) => `| ${s.name} | ${s.written} | ${s.stored} | ${s.deadLettered} | ${s.missing} | ${s.duplicates} | ${s.storedTwice} | ${s.rawMissing} |`,
  );
  const t = account.total;
  return [
    `Command: \`${summary.command}\``,
    '',
    `- Load: ${Object.entries(summary.rates).map(([name, rate]) => `${name} ${rate}/s`).join(', ')} for ${summary.minutes} min${summary.steadyMinutes > 0 ? `, then ${summary.steadyMinutes} min with rotations only` : ''}; load average ${summary.loadAverage.start.map((v) => v.toFixed(2)).join(' ')} at the start, ${summary.loadAverage.end.map((v) => v.toFixed(2)).join(' ')} at the end.`,
    `- Disruptions: ${count('rotate')} renames and ${count('copytruncate')} copytruncates of all four logs, ${count('kill')} SIGKILLs (restarted at once), reloads: ${reloads.join(', ')}, Elasticsearch down ${outageSpans.map((s) => `${fixed(s.to - s.from)} s`).join(' and ')} (stop until it answered again).`,
    `- Agent: peak RSS ${fixed(Math.max(...rss))} MiB; median RSS ${fixed(rssBetween(samples, 0, loadEnd / 4))} MiB in the first quarter of the load, ${fixed(rssBetween(samples, (loadEnd * 3) / 4, loadEnd))} MiB in the last; CPU ${fixed(summary.agentCpuSeconds, 1)} s (user + sys, all its lives) = ${fixed((summary.agentCpuSeconds / t.written) * 1e6)} CPU s per million events.`,
    `- The last life of the agent (${fixed((loadEnd - lastStart) / 60, 1)} min, from the last restart to the end of the load): median RSS per quarter ${lastLife.join(', ')} MiB.`,
    `- Lag: at most ${fixed(Math.max(...lags))} events; the store held every event ${summary.drainSeconds === undefined ? 'never (see missing)' : `${fixed(summary.drainSeconds)} s after the load ended`}.`,
    '',
    '| stream | written | stored | dead-lettered | missing | re-sent duplicates | stored twice | missing in raw copy |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
    ...rows,
    `| **all** | ${t.written} | ${t.stored} | ${t.deadLettered} | ${t.missing} | ${t.duplicates} | ${t.storedTwice} | ${t.rawMissing} |`,
    '',
    `Re-sent duplicates by origin: ${summary.duplicateOrigins === undefined ? 'unknown' : `${summary.duplicateOrigins.sameFile} sent again from the same file (kills, requests retried after the engine went away), ${summary.duplicateOrigins.otherFile} read again from another file (a rotated file or a copy)`}. Ids found that were never written: ${account.unexpected}. Zero loss: **${account.zeroLoss ? 'yes' : 'NO'}**.`,
  ].join('\n');
}
