import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';

import { paranoiaLevels } from './paranoia.js';

it('reads each rule’s paranoia level from its tag, a chained rule’s from its chain', () => {
  const levels = paranoiaLevels(readFileSync(path.join(import.meta.dirname, 'testdata', 'REQUEST-942-FIXTURE.conf'), 'utf8'));
  expect([...levels]).toEqual([[942100, 1], [942360, 2], [942420, 3]]);
});
