/**
 * The paranoia level of each CRS rule, read from the `tag:'paranoia-level/N'` every CRS v4 detection rule
 * carries. The peer runs at level 1, so a test of a level-3 rule is not expected to be caught by it.
 */
const RULE = /"id:(\d+),([\s\S]*?)(?="id:\d+,|$)/g;
const LEVEL = /tag:'paranoia-level\/(\d)'/;

/** Rule id → paranoia level for the rules of one .conf file's text. */
export function paranoiaLevels(confText: string): Map<number, number> {
  const levels = new Map<number, number>();
  for (const match of confText.matchAll(RULE)) {
    const level = LEVEL.exec(match[2] ?? '');
    if (level) levels.set(Number(match[1]), Number(level[1]));
  }
  return levels;
}
