/**
 * Synthetic payment transactions with labelled anomalies, for tests, the anomaly bench and the demo.
 * Normal traffic: cards with a home country and a few usual merchant categories, log-normal amounts per
 * category, more traffic by day than by night. About `anomalyRate` of the events are anomalies of four
 * kinds: an amount spike, a payment from a country the card never uses, a burst of payments on one card
 * within two minutes, and an unusual night-time purchase. Deterministic for a seed.
 */
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';

export type AnomalyKind = 'amount_spike' | 'foreign_country' | 'burst' | 'night_purchase';

export interface Transaction {
  '@timestamp': string;
  event: { action: string };
  transaction: {
    id: string;
    amount: number;
    currency: string;
    merchant: { name: string; category: string };
    card: { id: string; country: string };
    ip_country: string;
  };
}

export interface GeneratedTransactions {
  transactions: Transaction[];
  /** Anomaly kind by transaction id; absent ids are normal. */
  labels: Map<string, AnomalyKind>;
}

const CATEGORIES: Record<string, { mu: number; merchants: string[] }> = {
  grocery: { mu: Math.log(45), merchants: ['Grocer Ltd', 'FreshMart', 'Corner Market'] },
  fuel: { mu: Math.log(60), merchants: ['CityFuel', 'RoadStop'] },
  restaurant: { mu: Math.log(35), merchants: ['Trattoria Roma', 'Noodle Bar', 'Bistro 9'] },
  pharmacy: { mu: Math.log(20), merchants: ['HealthPlus', 'Apotheke Mitte'] },
  clothing: { mu: Math.log(80), merchants: ['Urban Threads', 'Denim Co'] },
  electronics: { mu: Math.log(220), merchants: ['Volt Store', 'Pixel Shop'] },
  travel: { mu: Math.log(300), merchants: ['SkyFly', 'RailOne'] },
  online: { mu: Math.log(50), merchants: ['ShopNow', 'MegaMarket Online'] },
};
const HOME_COUNTRIES = ['DE', 'DE', 'DE', 'FR', 'FR', 'NL', 'ES', 'IT'];
const FAR_COUNTRIES = ['US', 'BR', 'NG', 'CN', 'RU', 'ID', 'MX'];
const CATEGORY_NAMES = Object.keys(CATEGORIES);

export function generateTransactions(count: number, options: { seed?: number; anomalyRate?: number; cards?: number; start?: string } = {}): GeneratedTransactions {
  const rng = xoroshiro128plus(options.seed ?? 7);
  const random = () => uniformFloat64(rng);
  const pick = <T>(items: readonly T[]): T => items[uniformInt(rng, 0, items.length - 1)] as T;
  const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const anomalyRate = options.anomalyRate ?? 0.01;
  const cards = Array.from({ length: options.cards ?? 400 }, (_, i) => {
    const usual = new Set<string>();
    while (usual.size < 3) usual.add(pick(CATEGORY_NAMES.filter((c) => c !== 'travel' && c !== 'electronics')));
    return { id: `card_${(100000 + i * 7919).toString(36)}`, country: pick(HOME_COUNTRIES), usual: [...usual] };
  });
  const transactions: Transaction[] = [];
  const labels = new Map<string, AnomalyKind>();
  let time = Date.parse(options.start ?? '2026-11-02T00:00:00Z');
  let serial = 0;

  const emit = (card: (typeof cards)[number], category: string, amount: number, country: string, kind: AnomalyKind | undefined) => {
    const id = `tx_${(serial++ * 2654435761 + 12345).toString(16).padStart(10, '0').slice(-10)}`;
    const spec = CATEGORIES[category] as (typeof CATEGORIES)[string];
    transactions.push({
      '@timestamp': new Date(time).toISOString(),
      event: { action: 'payment.authorized' },
      transaction: {
        id,
        amount: Math.round(amount * 100) / 100,
        currency: 'EUR',
        merchant: { name: pick(spec.merchants), category },
        card: { id: card.id, country: card.country },
        ip_country: country,
      },
    });
    if (kind) labels.set(id, kind);
  };

  while (transactions.length < count) {
    // Busier by day: a quiet hour stretches the gap to the next payment.
    const hour = new Date(time).getUTCHours();
    const daytime = hour >= 7 && hour <= 22;
    time += Math.round(-Math.log(1 - random()) * (daytime ? 20_000 : 90_000));
    const card = pick(cards);
    if (random() >= anomalyRate) {
      const category = pick(card.usual);
      const spec = CATEGORIES[category] as (typeof CATEGORIES)[string];
      const country = random() < 0.03 ? pick(HOME_COUNTRIES) : card.country;
      emit(card, category, Math.exp(spec.mu + 0.5 * normal()), country, undefined);
      continue;
    }
    const kind = pick<AnomalyKind>(['amount_spike', 'foreign_country', 'burst', 'night_purchase']);
    const category = pick(card.usual);
    const mu = (CATEGORIES[category] as (typeof CATEGORIES)[string]).mu;
    if (kind === 'amount_spike') emit(card, category, Math.exp(mu + 0.5 * normal()) * (15 + 25 * random()), card.country, kind);
    else if (kind === 'foreign_country') emit(card, pick(['electronics', 'online', 'travel']), Math.exp(mu + 0.5 * normal()) * 3, pick(FAR_COUNTRIES), kind);
    else if (kind === 'burst') {
      const size = uniformInt(rng, 6, 10);
      for (let i = 0; i < size && transactions.length < count; i++) {
        time += uniformInt(rng, 3_000, 15_000);
        emit(card, 'online', Math.exp(Math.log(50) + 0.3 * normal()), card.country, kind);
      }
    } else {
      const night = new Date(time);
      night.setUTCHours(2 + uniformInt(rng, 0, 2), uniformInt(rng, 0, 59));
      if (night.getTime() < time) night.setUTCDate(night.getUTCDate() + 1);
      time = night.getTime();
      emit(card, 'electronics', Math.exp(Math.log(220) + 0.4 * normal()) * 4, card.country, kind);
    }
  }
  return { transactions, labels };
}
