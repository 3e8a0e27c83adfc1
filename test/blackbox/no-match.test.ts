/**
 * An input whose globs match nothing (a wrong path, a volume not mounted) is not silently idle: `validate`
 * and `run` warn, naming the globs, and the input picks the files up once they appear.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AgentProcess, readEvents, runCli, tempDir, waitFor, writeConfig } from '../helpers/agent-process.js';
import { fileToFileConfig } from '../helpers/configs.js';

describe('file input whose globs match nothing', () => {
  it('warns while nothing matches, then reads the files that appear', async () => {
    const dir = await tempDir('no-match');
    mkdirSync(path.join(dir, 'out'));
    const glob = `${dir}/logs/*.log`;
    const config = await writeConfig(dir, fileToFileConfig(dir, { include: [glob] }));

    const validated = await runCli(['validate', '-c', config]);
    expect(validated.code, validated.stderr).toBe(0);
    expect(validated.stderr).toContain(`no file matches ${JSON.stringify([glob])} yet`);

    const agent = AgentProcess.start(['run', '-c', config]);
    // The input's own warning, from its logger (which names the component), besides the config check's.
    await waitFor(async () => agent.stderr.split('\n').some((line) => line.includes('"component":"app"') && line.includes('no file matches')), 15_000, 'the input warns');

    mkdirSync(path.join(dir, 'logs'));
    writeFileSync(path.join(dir, 'logs', 'app.log'), 'first\nsecond\n');
    const out = path.join(dir, 'out', 'events.ndjson');
    await waitFor(async () => (await readEvents(out)).length === 2, 30_000, 'the lines of the file that appeared');
    const finished = await agent.stop();
    expect((await readEvents(out)).map((e) => e.message)).toEqual(['first', 'second']);
    // Messages are JSON-escaped in the log.
    expect(finished.stderr).toContain(`files now match ${JSON.stringify(JSON.stringify([glob])).slice(1, -1)}`);
    expect(finished.code).toBe(0);
  });
});
