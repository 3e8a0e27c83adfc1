import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultTemplateFiles, defaultTemplateJson } from '../../agent/outputs/elasticsearch/default-template.js';
import { elasticsearchOutputConfig } from '../../agent/outputs/elasticsearch/config.js';
import { TEMPLATE_PROPERTIES, buildIndexTemplate } from '../../agent/outputs/elasticsearch/index-template.js';
import { ENTITY_KINDS } from '../../processors/ticket_entities/kinds.js';

describe('published index templates', () => {
  it.each(['elasticsearch', 'opensearch'] as const)('%s: equals what the elasticsearch output installs (run npm run docs:template after changing it)', async (engine) => {
    expect(await readFile(path.resolve(import.meta.dirname, '../..', defaultTemplateFiles[engine]), 'utf8')).toBe(defaultTemplateJson(engine));
  });

  it('only the Elasticsearch template carries a lifecycle, since OpenSearch rejects the key', () => {
    expect(JSON.parse(defaultTemplateJson('elasticsearch'))).toMatchObject({ template: { lifecycle: { enabled: true } } });
    expect(JSON.parse(defaultTemplateJson('opensearch')).template).not.toHaveProperty('lifecycle');
  });
});

describe('ticket fields', () => {
  it('map every ticket_entities kind and ticket.language as keyword, and custom entity kinds too', () => {
    const keyword = { type: 'keyword', ignore_above: 1024 };
    const ticket = TEMPLATE_PROPERTIES.ticket.properties;
    expect(ticket.language).toEqual(keyword);
    expect(Object.keys(ticket.entities.properties).sort()).toEqual([...ENTITY_KINDS].sort());
    for (const mapping of Object.values(ticket.entities.properties)) expect(mapping).toEqual(keyword);
    const dynamic = buildIndexTemplate({ indexPatterns: ['logs-x-*'], dataStream: true }).template.mappings.dynamic_templates;
    expect(dynamic).toContainEqual({ ticket_entities: { path_match: 'ticket.entities.*', match_mapping_type: 'string', mapping: keyword } });
  });
});

describe('retention', () => {
  it('becomes the data stream lifecycle data_retention', () => {
    const template = buildIndexTemplate({ indexPatterns: ['logs-x-*'], dataStream: true, lifecycle: { retention: '30d' } });
    expect(template.template).toMatchObject({ lifecycle: { enabled: true, data_retention: '30d' } });
  });

  it('is refused where it would not be applied: OpenSearch, plain indices, or a malformed value', () => {
    const problems = (raw: object) => elasticsearchOutputConfig.safeParse(raw).error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`) ?? [];
    expect(problems({ template: { retention: '30d' } })).toEqual([]);
    expect(problems({ engine: 'opensearch', template: { retention: '30d' } })).toEqual([expect.stringMatching(/^template\.retention: OpenSearch templates have no lifecycle/)]);
    expect(problems({ index: 'app-logs', template: { retention: '7d' } })).toEqual([expect.stringMatching(/^template\.retention: retention applies to data streams/)]);
    expect(problems({ template: { retention: '30 days' } })).toEqual([expect.stringMatching(/^template\.retention: expected a retention/)]);
  });
});
