/**
 * Query parameters left out of the payload analysis on chosen routes, as a WAF's rule exclusions do: a site
 * whose users search for code (`/docs/search?q=SELECT * FROM users`) or whose editor sends markup in a GET
 * parameter would otherwise see those requests flagged. An excluded parameter is not analysed at all, so an
 * attack in it goes unseen; the rest of the request is scored as before.
 */
import { z } from 'zod';

export const exclusionConfig = z.strictObject({
  path: z
    .string()
    .startsWith('/', 'expected a path such as /docs/search')
    .meta({ description: 'The route: a request whose path (before ?) is this or starts with it followed by /.' }),
  params: z
    .array(z.string().min(1))
    .min(1)
    .meta({ description: 'Names of the query parameters not analysed on that route (compared after percent-decoding); a name also covers its bracketed keys, `filters` covers `filters[price][$gt]`.' }),
});
export type ExclusionConfig = z.output<typeof exclusionConfig>;

/** Removes the excluded parameters of a request target before it is analysed. */
export class Exclusions {
  private readonly rules: readonly { readonly path: string; readonly params: ReadonlySet<string> }[];

  constructor(config: readonly ExclusionConfig[]) {
    this.rules = config.map((rule) => ({ path: rule.path.replace(/\/+$/, '') || '/', params: new Set(rule.params) }));
  }

  /** The target without the parameters excluded on its route; the same string when none applies. */
  apply(target: string): string {
    const query = target.indexOf('?');
    if (query < 0) return target;
    const path = target.slice(0, query);
    let excluded: ReadonlySet<string> | undefined;
    for (const rule of this.rules) {
      if (!onRoute(path, rule.path)) continue;
      excluded = excluded === undefined ? rule.params : new Set([...excluded, ...rule.params]);
    }
    if (excluded === undefined) return target;
    const parts = target.slice(query + 1).split('&');
    const kept = parts.filter((part) => !isExcluded(paramName(part), excluded));
    return kept.length === parts.length ? target : `${path}?${kept.join('&')}`;
  }

  /**
   * The same for a Referer: the page a request came from was itself a request, scored with its parameters
   * excluded, and every script, image and call it makes next sends its URL back. Its scheme and host stay.
   */
  applyToUrl(url: string): string {
    const origin = url.indexOf('?') < 0 ? null : ORIGIN.exec(url);
    if (origin === null) return url;
    const rest = url.slice(origin[0].length);
    const kept = this.apply(rest.startsWith('/') ? rest : `/${rest}`);
    return kept === rest || kept === `/${rest}` ? url : origin[0] + kept;
  }
}

const ORIGIN = /^[a-z][\w+.-]*:\/\/[^/?#]*/i;

function onRoute(path: string, route: string): boolean {
  return route === '/' || path === route || (path.startsWith(route) && path.charCodeAt(route.length) === 0x2f);
}

/**
 * Whether a parameter is excluded by its name or, for the bracketed keys that qs, PHP and Rails read as nested
 * objects (`filters[price][$gt]`, as Strapi's and Feathers' query syntax sends them), by the name before them.
 */
function isExcluded(name: string, excluded: ReadonlySet<string>): boolean {
  if (excluded.has(name)) return true;
  const bracket = name.indexOf('[');
  return bracket > 0 && excluded.has(name.slice(0, bracket));
}

/** The parameter's name, percent-decoded (`+` as a space); the raw name when it is not valid encoding. */
function paramName(part: string): string {
  const equals = part.indexOf('=');
  const name = (equals < 0 ? part : part.slice(0, equals)).replaceAll('+', ' ');
  try {
    return decodeURIComponent(name);
  } catch {
    return name;
  }
}
