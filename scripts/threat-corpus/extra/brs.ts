/**
 * XSS payloads from the PyPI package brs-kb (MIT): its payload database is Python modules, so the payload
 * strings are dumped as JSON by the machine's python3 with the unpacked wheel on the module path.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { z } from 'zod';

const DUMP = ['import json, brs_kb.payloads as p', 'print(json.dumps(sorted({e.payload for e in p.FULL_PAYLOAD_DATABASE.values() if isinstance(e.payload, str)})))'].join('\n');

/** Parses the dump: a JSON array of strings; keeps those an attacker could put in one request line. */
export function parsePayloadDump(json: string, maxLength = 400): string[] {
  return z
    .array(z.string())
    .parse(JSON.parse(json))
    .filter((p) => p.trim() !== '' && p.length <= maxLength && !p.includes('\n'));
}

export async function brsPayloads(unpackedWheel: string): Promise<string[]> {
  const { stdout } = await promisify(execFile)('python3', ['-c', DUMP], { env: { ...process.env, PYTHONPATH: unpackedWheel }, maxBuffer: 64 * 1024 * 1024 });
  return parsePayloadDump(stdout);
}
