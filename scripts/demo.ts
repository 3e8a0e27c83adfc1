/**
 * `npm run demo`: runs the agent once over the bundled sample logs with config/examples/demo.yaml and says what
 * happened. Starts from a clean state each time so the demo is repeatable.
 */
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { builtinRegistry } from '../agent/builtins.js';
import { createLogger } from '../agent/logger.js';
import { runAgent } from '../agent/runtime/agent.js';
import { loadConfigFile } from '../config/loader.js';
import { MODEL_CATALOG } from '../models/catalog.js';
import { provisionModel } from '../models/provision.js';

const root = path.resolve(import.meta.dirname, '../..');
const configFile = path.join(root, 'config', 'examples', 'demo.yaml');

const registry = builtinRegistry();
// Model folders are not checked yet: provisioning them is the next step.
const loaded = await loadConfigFile(configFile, registry, process.env, { checkMachine: false });

// The tagger needs its model: provision it first (Maven Central, or the hub if the config allows it; cached).
const { hub } = loaded.config.models;
for (const model of MODEL_CATALOG) {
  try {
    const result = await provisionModel(model, path.join(root, 'models'), path.join(root, '.cache', 'models'), hub.allow ? { hub: { endpoint: hub.endpoint } } : {});
    if (result.source !== undefined) process.stdout.write(`provisioned model ${model.name} into ${path.relative(process.cwd(), result.folder)} (${result.source})\n`);
  } catch (error) {
    process.stderr.write(`sidecar-ai demo: ${(error as Error).message}\n`);
    process.exit(1);
  }
}
const outputFile = path.join(root, 'config', 'examples', 'out', 'events.ndjson');
await rm(path.join(root, 'config', 'examples', 'out'), { recursive: true, force: true });
await rm(path.resolve(loaded.dir, loaded.config.state_dir), { recursive: true, force: true });

const started = performance.now();
const result = await runAgent(loaded, registry, { once: true, logger: createLogger('warn') });
const seconds = (performance.now() - started) / 1000;

const list = (counts: Record<string, number>) => Object.entries(counts).map(([id, n]) => `${id} ${n}`).join(', ');
const events = (await readFile(outputFile, 'utf8')).trim().split('\n');
interface DemoEvent {
  message: string;
  tags?: string[];
  log?: { flags?: string[] };
  ticket?: {
    id?: string;
    subject?: string;
    tags?: string[];
    summary?: string;
    body?: string;
    clean?: { removed?: string[] };
    priority?: string;
    sentiment?: string;
    language?: string;
    tags_confidence?: string;
    entities?: Record<string, string[]>;
  };
  transaction?: { id: string; amount: number; ip_country: string; merchant: { category: string } };
  anomaly?: { status: string; score?: number; severity?: string; is_anomaly?: boolean; explanation?: string[] };
  event?: { kind?: string };
  source?: { ip?: string };
  url?: { original?: string };
  http?: { request?: { method?: string } };
  threat?: { score: number; reasons: { detector: string; class: string }[] };
  rule?: { name?: string; category?: string };
}
const parsed = events.map((line) => JSON.parse(line) as DemoEvent);
const payments = parsed.filter((e) => e.anomaly !== undefined);
const flagged = payments.filter((e) => e.anomaly?.is_anomaly).sort((a, b) => (b.anomaly?.score ?? 0) - (a.anomaly?.score ?? 0));
const tagged = parsed.filter((e) => e.ticket?.tags !== undefined);
const stackTrace = parsed.find((e) => e.log?.flags?.includes('multiline'));
// One whose replaced data is still in the message (ticket_clean may have cut the part that held it).
const redacted = parsed.find((e) => e.tags?.includes('redacted') && e.message.includes('[REDACTED'));
const cleaned = parsed.find((e) => (e.ticket?.clean?.removed?.length ?? 0) >= 3);
const requests = parsed.filter((e) => e.url?.original !== undefined);
const alerts = requests.filter((e) => e.event?.kind === 'alert');
const byClass = new Map<string, number>();
for (const alert of alerts) byClass.set(alert.rule?.category ?? '-', (byClass.get(alert.rule?.category ?? '-') ?? 0) + 1);

process.stdout.write(
  [
    `sidecar-ai demo: ${path.relative(process.cwd(), configFile)} in ${seconds.toFixed(2)} s`,
    `  events in:  ${list(result.summary.inputs)}`,
    `  events out: ${list(result.summary.outputs)}`,
    `  output:     ${path.relative(process.cwd(), outputFile)} (${events.length} ECS documents, one per line)`,
    `  a stack trace joined into one event:`,
    ...(stackTrace?.message.split('\n').slice(0, 3).map((l) => `    ${l}`) ?? []),
    `  support tickets tagged: ${tagged.length}; the first ones:`,
    ...tagged.slice(0, 4).map((e) => `    ${e.ticket?.id} ${JSON.stringify(e.ticket?.subject)} → ${(e.ticket?.tags ?? []).join(', ') || '(no tag above threshold)'}; ${ticketFacts(e)}`),
    `  tickets in another language (tags marked low-confidence): ${tagged.filter((e) => e.ticket?.tags_confidence === 'low').map((e) => `${e.ticket?.id} (${e.ticket?.language})`).join(', ') || 'none'}`,
    `  a summarized ticket (${tagged[1]?.ticket?.id}): ${JSON.stringify(tagged[1]?.ticket?.summary)}`,
    `  a ticket cleaned of mail noise (${cleaned?.ticket?.id}, ${cleaned?.ticket?.body?.split('\n').length} lines as it arrived; removed: ${(cleaned?.ticket?.clean?.removed ?? []).join(', ')}):`,
    `    ${JSON.stringify(cleaned?.message)}`,
    `  a ticket after redaction (${parsed.filter((e) => e.tags?.includes('redacted')).length} events had personal data replaced):`,
    `    ${redacted?.message ?? '(none)'}`,
    `  payments: ${payments.length} (${payments.filter((e) => e.anomaly?.status === 'learning').length} while the model was learning); anomalies flagged: ${flagged.length}; the highest:`,
    ...flagged
      .slice(0, 3)
      .map(
        (e) =>
          `    ${e.transaction?.id} ${e.transaction?.amount} EUR ${e.transaction?.merchant.category} from ${e.transaction?.ip_country}: score ${e.anomaly?.score} (${e.anomaly?.severity}), isolated by ${(e.anomaly?.explanation ?? []).join(', ')}`,
      ),
    `  access-log requests: ${requests.length}; alerts: ${alerts.length} (${[...byClass].map(([c, n]) => `${c} ${n}`).join(', ')}); the first ones:`,
    ...alerts.slice(0, 4).map((e) => `    ${e.source?.ip} ${e.http?.request?.method} ${shorten(e.url?.original ?? '', 60)} → ${e.rule?.category} (${e.rule?.name}), score ${e.threat?.score}`),
    '',
  ].join('\n'),
);
process.exitCode = result.drained ? 0 : 1;

/** At most `max` characters of `text`, cut with an ellipsis. */
function shorten(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** Priority, sentiment, language and key facts of a ticket, as one short line. */
function ticketFacts(event: DemoEvent): string {
  const ticket = event.ticket ?? {};
  const facts = Object.entries(ticket.entities ?? {}).map(([kind, values]) => `${kind} ${values.join(' ')}`);
  return [`priority ${ticket.priority ?? '-'}`, `sentiment ${ticket.sentiment ?? '-'}`, `language ${ticket.language ?? '-'}`, ...facts].join(', ');
}
