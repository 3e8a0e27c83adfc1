import { z } from 'zod';

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** A duration written as milliseconds (`1500`) or with a unit (`500ms`, `30s`, `5m`, `1h`); parsed to ms. */
export const durationSchema = z
  .union([
    z.number().int().nonnegative(),
    z.string().regex(/^\d+(\.\d+)?(ms|s|m|h)$/, 'expected a duration such as 500ms, 30s, 5m or 1h'),
  ])
  .transform((value) => {
    if (typeof value === 'number') return value;
    const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/.exec(value) as RegExpExecArray;
    return Math.round(Number(match[1]) * (UNIT_MS[match[2] as string] as number));
  })
  .meta({ kind: 'duration' });

/** A byte size written as a number or with a unit (`64KiB`, `1MiB`); parsed to bytes. */
export const byteSizeSchema = z
  .union([
    z.number().int().positive(),
    z.string().regex(/^\d+(KiB|MiB|GiB|B)$/, 'expected a size such as 65536, 64KiB or 1MiB'),
  ])
  .transform((value) => {
    if (typeof value === 'number') return value;
    const match = /^(\d+)(KiB|MiB|GiB|B)$/.exec(value) as RegExpExecArray;
    const factor = { B: 1, KiB: 1024, MiB: 1024 ** 2, GiB: 1024 ** 3 }[match[2] as 'B' | 'KiB' | 'MiB' | 'GiB'];
    return Number(match[1]) * factor;
  })
  .meta({ kind: 'size' });
