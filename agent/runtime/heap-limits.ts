import { getHeapStatistics } from 'node:v8';

/** The V8 heap flags this process runs under (bounds and pretenuring), for the start-up log: what a memory limit must leave room for. */
export function heapLimits(): { limit_mib: number; flags: string[] } {
  return {
    limit_mib: Math.round(getHeapStatistics().heap_size_limit / 1024 / 1024),
    flags: process.execArgv.filter((arg) => /^--max[-_](semi|old)[-_]space[-_]size=|^--(no[-_])?allocation[-_]site[-_]pretenuring$/.test(arg)),
  };
}
