import { describe, expect, it } from 'vitest';
import { escapeXml, niceCeiling, renderChart, segments } from './svg-chart.js';

describe('svg chart', () => {
  it('rounds axis ceilings up to 1, 2 or 5 times a power of ten', () => {
    expect([0, 0.3, 1, 1.5, 3, 7, 99, 101, 4999].map(niceCeiling)).toEqual([1, 0.5, 1, 2, 5, 10, 100, 200, 5000]);
  });

  it('breaks a line where a value is missing', () => {
    const runs = segments([
      { t: 0, v: 1 },
      { t: 1, v: null },
      { t: 2, v: 2 },
      { t: 3, v: 3 },
      { t: 4, v: Number.NaN },
    ]);
    expect(runs.map((run) => run.map((p) => p.t))).toEqual([[0], [2, 3]]);
  });

  it('draws each panel as polylines scaled to its own axis, spans and markers across all panels', () => {
    const svg = renderChart({
      title: 'RSS & <lag>',
      durationS: 100,
      panels: [
        { title: 'a', unit: 'MiB', color: '#111', points: [{ t: 0, v: 0 }, { t: 50, v: 50 }, { t: 100, v: 100 }] },
        { title: 'b', unit: 'events', color: '#222', points: [{ t: 0, v: 5 }, { t: 10, v: null }, { t: 20, v: 5 }] },
      ],
      markers: [{ t: 50, label: 'kill', color: '#f00' }],
      spans: [{ from: 20, to: 40, label: 'down' }],
    });
    expect(svg.startsWith('<svg ')).toBe(true);
    expect(svg).toContain('RSS &amp; &lt;lag&gt;');
    const polylines = [...svg.matchAll(/<polyline[^>]*stroke="(#\d+)"[^>]*points="([^"]*)"/g)].map((m) => [m[1], m[2]?.split(' ').length]);
    expect(polylines).toEqual([
      ['#111', 3],
      ['#222', 1],
      ['#222', 1],
    ]);
    // the first panel's axis tops out at 100: its last point is at the panel's top edge (y = 80), its first at the bottom
    expect(svg).toContain('points="80.0,250.0 530.0,165.0 980.0,80.0"');
    expect(svg.match(/stroke="#f00"/g)).toHaveLength(3); // two panels and the legend
    expect(svg.match(/fill="#f3d9d9"/g)).toHaveLength(3);
  });

  it('escapes text for XML', () => {
    expect(escapeXml('a<b>&"c"')).toBe('a&lt;b&gt;&amp;&quot;c&quot;');
  });
});
