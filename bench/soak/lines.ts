/**
 * The soak test's four kinds of log line, each carrying a unique id (`<prefix>-<sequence>`) where the agent's
 * config extracts it into event.id: support tickets and payments as JSON lines, a Java application's plain
 * log with stack traces, and an nginx access log with $request_id last.
 */
import { generateTransactions, type Transaction } from '../../scripts/transactions/generator.js';

/** A small deterministic generator (mulberry32): the same seed writes the same load. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Random = () => number;
const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;

const TICKETS: readonly (readonly [string, string])[] = [
  ['Card charged twice', 'I was charged twice for order {order}. Both charges show on my statement, please refund one.'],
  ['Invoice needed', 'Please send me an invoice with VAT for order {order}, my company needs it for accounting.'],
  ['Refund not received', 'I returned the parcel for order {order} two weeks ago and still have not got my money back.'],
  ['Parcel not arrived', 'Tracking for order {order} says delivered but nothing arrived at my door.'],
  ['Wrong size delivered', 'I ordered size M but received XL in order {order}. I need the right size before Friday.'],
  ['Cannot log in', 'After resetting my password I still cannot sign in, the page says my account is locked.'],
  ['App crashes', 'The app crashes every time I open the cart, I cannot finish order {order}.'],
  ['Unknown payment', 'There is a payment of 249.99 EUR I did not make, please block my card immediately.'],
  ['Late delivery', 'Order {order} was promised for Monday and it is still not here, where is my parcel?'],
  ['Checkout error', 'At checkout I get an error 500 and the payment page never loads.'],
];

export function ticketLine(seq: number, random: Random): string {
  const [subject, text] = pick(random, TICKETS);
  const order = `ORD-${100000 + Math.floor(random() * 900000)}`;
  return JSON.stringify({
    '@timestamp': new Date().toISOString(),
    event: { id: `t-${seq}` },
    ticket: { id: `T-${seq}`, channel: pick(random, ['email', 'chat', 'phone']), priority: pick(random, ['low', 'normal', 'high']), subject },
    customer: { id: `C-${10000 + Math.floor(random() * 90000)}`, tier: pick(random, ['standard', 'gold']) },
    message: text.replace('{order}', order),
  });
}

/** Payments from the project's transaction generator (labelled anomalies included), cycled with fresh ids. */
export class PaymentLines {
  private readonly pool: Transaction[];

  constructor(seed: number) {
    this.pool = generateTransactions(20_000, { seed }).transactions;
  }

  line(seq: number): string {
    const tx = this.pool[seq % this.pool.length] as Transaction;
    return JSON.stringify({ ...tx, event: { ...tx.event, id: `p-${seq}` }, transaction: { ...tx.transaction, id: `tx_${seq}` } });
  }
}

const LOGGERS = ['c.e.shop.Application', 'c.e.shop.checkout.PaymentController', 'c.e.shop.catalog.CatalogService', 'c.e.shop.orders.OrderService'];
const INFO_MESSAGES = ['Cache refreshed region=catalog entries={n}', 'User session started user=C-{n}', 'Order placed order=ORD-{n} items=2', 'Slow query took={n}ms query=findOrdersByCustomer'];

function appTime(date: Date): string {
  return date.toISOString().replace('T', ' ').replace('.', ',').slice(0, 23);
}

/** One event of the application log: a line, or for about one in twelve an ERROR with its stack trace. */
export function appEvent(seq: number, random: Random): string {
  const head = `${appTime(new Date())} `;
  const thread = `[http-nio-8080-exec-${1 + Math.floor(random() * 10)}]`;
  const roll = random();
  if (roll < 0.08) {
    const frames = 4 + Math.floor(random() * 8);
    const trace = ['java.net.SocketTimeoutException: Read timed out', '\tat java.base/sun.nio.ch.NioSocketImpl.timedRead(NioSocketImpl.java:288)'];
    for (let i = 0; i < frames; i++) trace.push(`\tat com.example.shop.payments.PspClient.call${i}(PspClient.java:${100 + i})`);
    trace.push('Caused by: java.io.IOException: connection reset by peer', `\t... ${20 + frames} more`);
    return `${head}ERROR ${thread} c.e.shop.checkout.PaymentController - Payment authorization failed for order ORD-${100000 + seq} id=a-${seq}\n${trace.join('\n')}`;
  }
  const level = roll < 0.15 ? 'WARN ' : 'INFO ';
  const message = pick(random, INFO_MESSAGES).replace('{n}', String(1000 + Math.floor(random() * 9000)));
  return `${head}${level}${thread} ${pick(random, LOGGERS)} - ${message} id=a-${seq}`;
}

/** Matches appEvent's first line and pulls its id (parse_access_log's own-pattern format); the trace follows. */
export const APP_PATTERN = '%{TIMESTAMP_ISO8601} +%{WORD:log.level} +\\[%{NOTSPACE:process.thread.name}\\] %{NOTSPACE:log.logger} - [^\\n]* id=%{NOTSPACE:event.id}(?:\\n[\\s\\S]*)?';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const PATHS = ['/', '/products/1234', '/products/987?ref=newsletter', '/cart', '/api/v1/orders', '/search?q=red+shoes', '/static/app.js', '/account'];
const ATTACKS = [
  "/search?q=%27%20UNION%20SELECT%20username%2Cpassword%20FROM%20users--%20",
  '/products?id=1%20OR%201=1',
  '/download?file=../../../../etc/passwd',
  '/search?q=%3Cscript%3Ealert(1)%3C/script%3E',
  '/.env',
  '/wp-login.php',
];
const AGENTS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0',
];

function httpDate(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(date.getUTCDate())}/${MONTHS[date.getUTCMonth()]}/${date.getUTCFullYear()}:${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} +0000`;
}

/**
 * nginx's combined format plus $request_time and $request_id. About 3 % of requests are attacks (from a few
 * addresses, one of them hammering the login with failures), the rest ordinary traffic from 400 clients.
 */
export function accessLine(seq: number, random: Random): string {
  const attack = random() < 0.03;
  const ip = attack ? `198.51.100.${1 + Math.floor(random() * 5)}` : `10.${Math.floor(random() * 2)}.${Math.floor(random() * 20)}.${1 + Math.floor(random() * 10)}`;
  const login = attack && random() < 0.4;
  const target = login ? '/login' : attack ? pick(random, ATTACKS) : pick(random, PATHS);
  const method = login ? 'POST' : 'GET';
  const status = login ? 401 : attack ? pick(random, [403, 404, 200]) : pick(random, [200, 200, 200, 200, 304, 404]);
  const agent = attack && random() < 0.5 ? 'sqlmap/1.7.2#stable (https://sqlmap.org)' : pick(random, AGENTS);
  const seconds = (random() * 0.2).toFixed(3);
  return `${ip} - - [${httpDate(new Date())}] "${method} ${target} HTTP/1.1" ${status} ${Math.floor(random() * 20000)} "https://shop.example/" "${agent}" ${seconds} n-${seq}`;
}
