/**
 * The path scanner's probes in the threat bench: wordlist entries read as dirsearch reads them, quoted as it
 * quotes them, once each, with stable halves.
 */
import { describe, expect, it } from 'vitest';

import { defaultExtensions, dirsearchProbes, dirsearchScan, safequote } from './dirsearch-paths.js';

const LISTS = {
  vcs: '.git/config\n# a comment\n\n/.svn/entries\n',
  keys: '.ssh/id_rsa\n',
  logs: 'logs/workspace(2).log\n.git/config\nmy app.log\n',
  conf: 'sitemap.xml\n',
};

describe("a path scanner's probes", () => {
  it('escapes only what is not printable ASCII, as dirsearch quotes a path', () => {
    expect(safequote('.idea/workspace(2).xml')).toBe('.idea/workspace(2).xml');
    expect(safequote('my config.php')).toBe('my%20config.php');
    expect(safequote('café.bak')).toBe('caf%C3%A9.bak');
  });

  it("requests each entry of the chosen categories once from the site's root, skipping comments, blank lines and conf's published files", () => {
    const probes = dirsearchProbes(LISTS);
    expect(probes.map((p) => p.uri)).toEqual(['/.git/config', '/.svn/entries', '/.ssh/id_rsa', '/logs/workspace(2).log', '/my%20app.log']);
    expect(probes.find((p) => p.uri === '/.git/config')?.module).toBe('vcs');
    expect(new Set(probes.map((p) => p.id)).size).toBe(probes.length);
  });

  it('puts a probe in the same half whatever else the set holds', () => {
    const all = dirsearchProbes(LISTS);
    for (const p of dirsearchProbes({ keys: LISTS.keys })) expect(all.find((q) => q.uri === p.uri)?.half).toBe(p.half);
  });

  it("builds dirsearch's default scan in its order: each %EXT% line once per default extension, duplicates once", () => {
    const extensions = defaultExtensions('[general]\ndefault-extensions = php,asp, html\nforce-extensions = False\n');
    expect(extensions).toEqual(['php', 'asp', 'html']);
    expect(dirsearchScan('# header\n.env\nadmin/\nindex.%EXT%\n/.env\nold site/\n', extensions)).toEqual(['/.env', '/admin/', '/index.php', '/index.asp', '/index.html', '/old%20site/']);
  });
});
