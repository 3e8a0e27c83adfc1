/**
 * `npm run bench:ndjson-escaping`: whether the NDJSON writer's string escaping is what limits the Kafka input
 * with the json codec. Escapes the same JSON log lines (as the Kafka bench's messages, ~136 characters) with
 * the writer's loop and with V8's JSON.stringify plus a native write, and encodes whole events shaped like the
 * Kafka input's with the writer and with JSON.stringify, in the same process, median of 5 rounds.
 */
import { JsonByteWriter } from '../agent/outputs/codecs/json-byte-writer.js';
import { writeEscapedAscii } from '../agent/outputs/codecs/json-string-escapes.js';

const N = 200_000;
const lines = Array.from({ length: N }, (_, i) =>
  JSON.stringify({ ts: '2026-12-05T10:00:00.000Z', level: 'info', service: 'checkout', msg: `order ${i} placed`, user: `u${i % 977}`, amount: (i % 1000) / 7, region: 'eu-west-1' }),
);
const events = lines.map((message, i) => ({
  '@timestamp': '2026-12-05T10:00:00.123Z',
  message,
  kafka: { topic: 'bench', partition: i % 3, offset: i },
  event: { ingested: '2026-12-05T10:00:01.000Z', id: `bench-${i % 3}-${i}` },
  host: { name: 'sidecar' },
}));
const buffer = Buffer.allocUnsafe(8 << 20);

/** Nanoseconds per item of `run` over all N items, median of 5 rounds after one warm-up. */
function perItem(run: () => void): number {
  const rounds: number[] = [];
  for (let r = 0; r < 6; r++) {
    const started = process.hrtime.bigint();
    run();
    if (r > 0) rounds.push(Number(process.hrtime.bigint() - started) / N);
  }
  return rounds.sort((a, b) => a - b)[2] as number;
}

const loop = (write: (at: number, line: string) => number) => () => {
  let p = 0;
  for (const line of lines) {
    p = write(p, line);
    if (p > 7_000_000) p = 0;
  }
};
const writer = new JsonByteWriter();
const figures = {
  'escape a line: the writer': perItem(loop((at, line) => writeEscapedAscii(buffer, at, line))),
  'escape a line: JSON.stringify + UTF-8 write': perItem(loop((at, line) => at + buffer.write(JSON.stringify(line), at, 'utf8'))),
  'escape a line: JSON.stringify + Latin-1 write': perItem(loop((at, line) => at + buffer.write(JSON.stringify(line), at, 'latin1'))),
  'encode an event: the writer': perItem(() => {
    for (const event of events) {
      writer.value(event);
      writer.newline();
      if (writer.length > 4_000_000) writer.reset();
    }
    writer.reset();
  }),
  'encode an event: JSON.stringify + UTF-8 write': perItem(() => {
    let p = 0;
    for (const event of events) {
      p += buffer.write(`${JSON.stringify(event)}\n`, p, 'utf8');
      if (p > 7_000_000) p = 0;
    }
  }),
};
console.log(`Node.js ${process.versions.node}, ${N} items, ${lines[0]?.length}-character lines, median of 5 rounds:`);
console.log('');
console.log('| step | ns per item |');
console.log('| --- | ---: |');
for (const [name, ns] of Object.entries(figures)) console.log(`| ${name} | ${ns.toFixed(0)} |`);
