/**
 * Benign access-log requests of an online shop, for the false-positive side of the threat corpus. Built to
 * be hard for pattern rules while staying ordinary: searches with quotes and SQL words ("O'Reilly", "select a
 * size"), long tracking parameters (utm_*, gclid, fbclid), base64 and JWT-looking tokens, percent-encoded
 * UTF-8 paths, dotted file and product names, crawler user agents. Deterministic for a seed.
 */
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';

export interface ShopRequest {
  id: string;
  /** Which kind of page or call this is, for reading the false positives. */
  kind: string;
  method: string;
  uri: string;
  user_agent: string;
  referer?: string;
}

const SEARCHES = [
  "O'Reilly", "o'neill jacket", 'select a size', 'drop shipping', 'union jack t-shirt', 'script writing book', 'Tom & Jerry mug',
  '100% cotton', 'rock n\' roll', 'C# programming', 'and/or gate kit', 'order by phone', 'delete stains spray', 'insert sole',
  'where to buy', 'table lamp', 'from dusk till dawn dvd', 'update firmware cable', 'kids\' shoes 32', 'jeans 32"x34"',
  '1/2 inch drill bit', 'echo dot', 'cat toys', 'java coffee beans', 'php elephant plush', 'alert whistle', 'window film',
  'exec chair', 'sleep mask', 'benchmark book', 'Größe 42', 'café crème', 'naïve art print', 'smörgåsbord plate', '日本茶',
  'or', 'null', 'true wireless', 'char-broil grill', '--no-frills', 'a+b', '<3 socks', 'cd player', 'wget', 'ls 7 dress',
];
const CATEGORIES = ['shoes', 'women/dresses', 'men/jackets', 'home/lighting', 'kitchen', 'toys', 'books', 'electronics/audio', 'sale'];
const PRODUCTS = ['usb-c-cable-2.0m', 'dr.-martens-1460', 'levis-501-w32-l34', 'iphone-15-pro-case', 'no.5-eau-de-parfum', 'v2.1-smart-plug', 'st.-tropez-tan', 'ikea-billy.white', 'ps5-controller', 'o-reilly-learning-sql'];
const UTF8_PATHS = ['/de/kategorie/schuhe-größe-42', '/fr/catégorie/café', '/es/niños/juguetes', '/ja/商品/お茶', '/pl/łóżka', '/sv/möbler/soffor', '/ru/каталог/обувь'];
const STATIC = ['/static/js/app.3f2a1b9c.min.js', '/static/css/main.0c1d.css', '/images/p/1042/main@2x.webp', '/favicon.ico', '/robots.txt', '/sitemap.xml', '/fonts/Inter-Var.woff2', '/.well-known/apple-app-site-association', '/manifest.webmanifest'];
export const BROWSERS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0',
  'Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.6778.81 Mobile Safari/537.36',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0',
];
const BOTS = [
  'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
  'Mozilla/5.0 (Linux; Android 6.0.1; Nexus 5X Build/MMB29P) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.6778.69 Mobile Safari/537.36 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
  'Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/13.1.1 Safari/605.1.15 (Applebot/0.1; +http://www.apple.com/go/applebot)',
  'facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)',
  'Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)',
];
/** The shop's own host: its pages are among the Referers, and it is the Host of every request. */
export const SHOP_HOST = 'shop.example.com';
const REFERERS = ['https://www.google.com/', 'https://www.bing.com/', 'https://l.facebook.com/', `https://${SHOP_HOST}/`, `https://${SHOP_HOST}/cart`, 'android-app://com.google.android.gm/'];
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** `count` requests; the same seed gives the same requests. */
export function generateShopTraffic(count: number, seed = 11): ShopRequest[] {
  const rng = xoroshiro128plus(seed);
  const random = () => uniformFloat64(rng);
  const int = (min: number, max: number) => uniformInt(rng, min, max);
  const pick = <T>(items: readonly T[]): T => items[int(0, items.length - 1)] as T;
  const token = (length: number, alphabet = ALPHABET) => Array.from({ length }, () => alphabet[int(0, alphabet.length - 1)]).join('');
  const base64url = (text: string) => Buffer.from(text).toString('base64url');
  const jwt = () => `${base64url('{"alg":"HS256","typ":"JWT"}')}.${base64url(JSON.stringify({ sub: `u${int(1000, 99999)}`, exp: 1767225600 + int(0, 9999999) }))}.${token(43, `${ALPHABET}-_`)}`;
  // Search forms send spaces as '+' and quotes as %27; links built by scripts (encodeURIComponent) keep quotes
  // and use %20: both occur.
  const query = (text: string) => (random() < 0.5 ? encodeURIComponent(text).replace(/%20/g, '+').replace(/'/g, '%27') : encodeURIComponent(text));
  const tracking = () => {
    const parts = [`utm_source=${pick(['google', 'facebook', 'newsletter', 'instagram'])}`, `utm_medium=${pick(['cpc', 'email', 'social'])}`, `utm_campaign=${pick(['black_friday_2026', 'spring-sale', 'retargeting%7Cdynamic', 'brand+search'])}`];
    if (random() < 0.5) parts.push(`utm_content=${query(pick(['hero banner', 'carousel-3', "editor's pick"]))}`);
    const clickId = random();
    if (clickId < 0.4) parts.push(`gclid=${token(int(70, 95), `${ALPHABET}_-`)}`);
    else if (clickId < 0.65) parts.push(`fbclid=IwAR${token(int(55, 70), `${ALPHABET}_-`)}`);
    return parts.join('&');
  };
  const withTracking = (uri: string) => (random() < 0.3 ? `${uri}${uri.includes('?') ? '&' : '?'}${tracking()}` : uri);

  const pages: Array<[number, string, () => Omit<ShopRequest, 'id' | 'kind' | 'user_agent'>]> = [
    [10, 'home', () => ({ method: 'GET', uri: withTracking('/') })],
    [15, 'search', () => ({ method: 'GET', uri: withTracking(`/search?q=${query(pick(SEARCHES))}${random() < 0.3 ? `&page=${int(2, 9)}` : ''}`) })],
    [12, 'category', () => ({ method: 'GET', uri: withTracking(`/c/${pick(CATEGORIES)}?sort=${pick(['price_asc', 'price_desc', 'newest', 'relevance'])}&size=${pick(['S', 'M', 'L', '42', '32%2F34'])}&color=${pick(['black', 'navy', 'off-white'])}`) })],
    [15, 'product', () => ({ method: 'GET', uri: withTracking(`/products/${pick(PRODUCTS)}${random() < 0.3 ? `?variant=${int(10000, 99999)}` : ''}`) })],
    [6, 'localized', () => ({ method: 'GET', uri: encodeURI(pick(UTF8_PATHS)) })],
    [15, 'static', () => ({ method: 'GET', uri: `${pick(STATIC)}${random() < 0.3 ? `?v=${token(8)}` : ''}` })],
    [6, 'token', () => ({ method: 'GET', uri: pick([`/account/verify?token=${jwt()}`, `/reset-password?t=${encodeURIComponent(Buffer.from(token(int(20, 40))).toString('base64'))}`, `/checkout/return?session=${token(32)}&sig=${base64url(token(24))}`]) })],
    [8, 'api', () => ({ method: pick(['GET', 'POST', 'PUT', 'DELETE']), uri: pick([`/api/v1/cart/items/${int(1, 9999)}`, `/api/v1/products?ids=${int(1, 999)},${int(1, 999)},${int(1, 999)}`, '/api/v1/cart', `/api/v2/recommendations?for=${pick(PRODUCTS)}&limit=12`, '/graphql']) })],
    [5, 'checkout', () => ({ method: pick(['GET', 'POST']), uri: pick(['/checkout/step/2', '/checkout/payment', '/cart/update', `/order/confirmation/ORD-${int(100000, 999999)}`]) })],
    [3, 'account', () => ({ method: 'GET', uri: pick(['/account/orders', `/account/orders/${int(100000, 999999)}/invoice.pdf`, '/account/addresses?edit=1', '/logout?redirect=%2F']) })],
  ];
  const total = pages.reduce((sum, [weight]) => sum + weight, 0);
  const requests: ShopRequest[] = [];
  for (let i = 0; i < count; i += 1) {
    const bot = random() < 0.12;
    let roll = random() * total;
    const [, kind, make] = pages.find(([weight]) => (roll -= weight) < 0) ?? pages[0]!;
    // Crawlers fetch pages, not carts or accounts.
    const crawled = bot && (kind === 'api' || kind === 'checkout' || kind === 'account' || kind === 'token');
    const request = crawled ? { method: 'GET', uri: `/products/${pick(PRODUCTS)}` } : make();
    const referer = !bot && random() < 0.6 ? pick(REFERERS) : undefined;
    const label = crawled ? 'product' : kind;
    requests.push({ id: `shop-${String(i).padStart(6, '0')}`, kind: bot ? `${label}:bot` : label, ...request, user_agent: bot ? pick(BOTS) : pick(BROWSERS), ...(referer ? { referer } : {}) });
  }
  return requests;
}
