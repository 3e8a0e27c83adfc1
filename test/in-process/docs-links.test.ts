/**
 * Every relative link in README.md, docs/*.md and the Markdown files they link to (followed transitively)
 * points to a file or folder of the repository, and a `#anchor` into a Markdown file names one of its
 * headings, slugged as GitHub does. Reads files only: no network, no build.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');

interface Link {
  readonly from: string;
  readonly line: number;
  readonly target: string;
}

/** Lines outside fenced code blocks, with their 1-based numbers; inline code spans blanked unless kept. */
function proseLines(markdown: string, keepInlineCode = false): { text: string; line: number }[] {
  const out: { text: string; line: number }[] = [];
  let fence: string | undefined;
  markdown.split('\n').forEach((text, index) => {
    const marker = /^ {0,3}(`{3,}|~{3,})/.exec(text)?.[1];
    if (fence !== undefined) {
      if (marker !== undefined && marker[0] === fence[0] && marker.length >= fence.length && text.trim() === marker) fence = undefined;
      return;
    }
    if (marker !== undefined) {
      fence = marker;
      return;
    }
    out.push({ text: keepInlineCode ? text : text.replace(/(`+)(?:(?!\1).)+?\1/g, (span) => ' '.repeat(span.length)), line: index + 1 });
  });
  return out;
}

/** GitHub's heading anchor: the heading's text, lowercased, punctuation removed, each space a hyphen. */
function githubSlug(heading: string): string {
  const text = heading
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1') // links and images: their text
    .replace(/<[^>]+>/g, '') // inline HTML
    .replace(/`/g, '')
    .replace(/\*+/g, '');
  return text
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
    .replace(/ /g, '-');
}

/** The anchors a Markdown file offers: its headings (ATX and setext; repeats get -1, -2, …) and HTML ids. */
function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  const add = (heading: string) => {
    const slug = githubSlug(heading);
    const count = seen.get(slug) ?? 0;
    seen.set(slug, count + 1);
    anchors.add(count === 0 ? slug : `${slug}-${count}`);
  };
  const lines = proseLines(markdown, true);
  lines.forEach(({ text }, i) => {
    const atx = /^ {0,3}#{1,6}\s+(.*?)(?:\s+#+)?\s*$/.exec(text);
    if (atx) return add(atx[1] ?? '');
    const next = lines[i + 1];
    if (next !== undefined && next.line === lines[i]!.line + 1 && /^ {0,3}(=+|-+)\s*$/.test(next.text) && text.trim() !== '' && !/^\s*([-*+]|\d+\.)\s/.test(text) && !text.includes('|')) add(text);
    for (const match of text.matchAll(/<a\s[^>]*\b(?:id|name)="([^"]+)"/g)) anchors.add(match[1] ?? '');
  });
  return anchors;
}

function linksOf(file: string, markdown: string): Link[] {
  const links: Link[] = [];
  for (const { text, line } of proseLines(markdown)) {
    const targets = [
      ...[...text.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((m) => m[1]),
      ...[...text.matchAll(/^ {0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)/g)].map((m) => m[1]),
      ...[...text.matchAll(/\b(?:href|src)="([^"]+)"/g)].map((m) => m[1]),
    ];
    for (const target of targets) if (target !== undefined) links.push({ from: file, line, target });
  }
  return links;
}

const isExternal = (target: string) => /^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('//');

/** README.md and docs/*.md, then every Markdown file of the repository they link to, transitively. */
function documents(): Map<string, string> {
  const docs = readdirSync(path.join(root, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => `docs/${name}`);
  const queue = ['README.md', ...docs];
  const found = new Map<string, string>();
  while (queue.length > 0) {
    const file = queue.shift() as string;
    if (found.has(file) || !existsSync(path.join(root, file))) continue;
    const markdown = readFileSync(path.join(root, file), 'utf8');
    found.set(file, markdown);
    for (const link of linksOf(file, markdown)) {
      const resolved = resolveTarget(link);
      if (resolved?.file.endsWith('.md')) queue.push(resolved.file);
    }
  }
  return found;
}

function resolveTarget(link: Link): { file: string; anchor: string | undefined } | undefined {
  if (isExternal(link.target)) return undefined;
  const hash = link.target.indexOf('#');
  const rawPath = hash < 0 ? link.target : link.target.slice(0, hash);
  const anchor = hash < 0 ? undefined : decodeURIComponent(link.target.slice(hash + 1));
  const decoded = decodeURIComponent(rawPath.split('?')[0] ?? '');
  const absolute = decoded === '' ? path.join(root, link.from) : decoded.startsWith('/') ? path.join(root, decoded) : path.resolve(root, path.dirname(link.from), decoded);
  return { file: path.relative(root, absolute).split(path.sep).join('/'), anchor };
}

function problems(): { checked: number; errors: string[]; files: string[] } {
  const docs = documents();
  const anchors = new Map<string, Set<string>>();
  const anchorsFor = (file: string) => {
    let set = anchors.get(file);
    if (set === undefined) {
      set = anchorsOf(docs.get(file) ?? readFileSync(path.join(root, file), 'utf8'));
      anchors.set(file, set);
    }
    return set;
  };
  const errors: string[] = [];
  let checked = 0;
  for (const [file, markdown] of docs) {
    for (const link of linksOf(file, markdown)) {
      const resolved = resolveTarget(link);
      if (resolved === undefined) continue;
      checked++;
      const where = `${link.from}:${link.line}: ${link.target}`;
      if (resolved.file.startsWith('..')) errors.push(`${where}: points outside the repository`);
      else if (!existsSync(path.join(root, resolved.file))) errors.push(`${where}: ${resolved.file} does not exist`);
      else if (resolved.anchor !== undefined && resolved.anchor !== '' && resolved.file.endsWith('.md') && !anchorsFor(resolved.file).has(resolved.anchor)) {
        errors.push(`${where}: no heading "#${resolved.anchor}" in ${resolved.file}`);
      }
    }
  }
  return { checked, errors, files: [...docs.keys()] };
}

describe('GitHub heading slugs', () => {
  it('lowercase the text, drop punctuation and markup, turn each space into a hyphen', () => {
    expect(githubSlug('Delivery guarantees')).toBe('delivery-guarantees');
    expect(githubSlug('processor `anomaly`')).toBe('processor-anomaly');
    expect(githubSlug('File → file throughput')).toBe('file--file-throughput');
    expect(githubSlug('Ticket tagging and summaries (real weights)')).toBe('ticket-tagging-and-summaries-real-weights');
    expect(githubSlug('parse_json')).toBe('parse_json');
    expect(githubSlug('Five minutes: tail a file, tag tickets, see them in Kibana')).toBe('five-minutes-tail-a-file-tag-tickets-see-them-in-kibana');
    expect(githubSlug('[Links](x.md) and **bold**')).toBe('links-and-bold');
  });

  it('number repeated headings and skip headings inside code blocks', () => {
    const anchors = anchorsOf('# Title\n\n## Notes\n\n```sh\n# not a heading\n```\n\n## Notes\n\nSetext\n------\n');
    expect([...anchors].sort()).toEqual(['notes', 'notes-1', 'setext', 'title']);
  });

  it('find links in prose, not in code', () => {
    const links = linksOf('x.md', 'See [a](a.md#b) and `[c](c.md)`.\n\n```\n[d](d.md)\n```\n[ref]: e.md\n<a href="f.md">f</a>\n').map((l) => l.target);
    expect(links).toEqual(['a.md#b', 'e.md', 'f.md']);
  });
});

describe('relative links in the documentation', () => {
  const result = problems();

  it('point to files that exist and to headings that exist', () => {
    expect(result.errors).toEqual([]);
  });

  it('cover the README, every page in docs/ and the READMEs they link to', () => {
    expect(result.files).toEqual(expect.arrayContaining(['README.md', 'docs/configuration.md', 'docs/delivery.md', 'docs/operations.md', 'models/README.md', 'deploy/kibana/README.md']));
    expect(result.checked).toBeGreaterThan(50);
  });

  it('reach every page in docs/ from the README', () => {
    const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
    const linked = new Set(linksOf('README.md', readme).map((l) => resolveTarget(l)?.file));
    const pages = readdirSync(path.join(root, 'docs')).filter((name) => name.endsWith('.md'));
    expect(pages.filter((name) => !linked.has(`docs/${name}`))).toEqual([]);
  });
});
