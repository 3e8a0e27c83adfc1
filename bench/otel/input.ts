/** The input every workload reads: JSON application log lines, the same shape as bench/file-throughput.ts. */
import { createWriteStream, existsSync } from 'node:fs';
import { mkdir, rename } from 'node:fs/promises';
import path from 'node:path';

export async function makeInput(dir: string, lines: number): Promise<string> {
  const file = path.join(dir, `input-${lines}.log`);
  if (existsSync(file)) return file;
  await mkdir(dir, { recursive: true });
  const partial = `${file}.partial`;
  const out = createWriteStream(partial);
  const levels = ['INFO', 'INFO', 'INFO', 'WARN', 'ERROR', 'DEBUG'];
  const base = Date.parse('2026-11-02T09:00:00Z');
  for (let i = 0; i < lines; i++) {
    const line = `{"@timestamp":"${new Date(base + i * 3).toISOString()}","level":"${levels[i % levels.length]}","logger":"c.e.shop.checkout.PaymentController","thread":"http-nio-8080-exec-${i % 16}","message":"Order ${100000 + (i % 900000)} paid amount=${(i % 9973) / 100} EUR","trace_id":"${(i * 2654435761).toString(16).padStart(16, '0')}"}\n`;
    if (!out.write(line)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  }
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
  await rename(partial, file);
  return file;
}
