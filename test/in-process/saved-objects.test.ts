/**
 * The Kibana and OpenSearch Dashboards saved objects in deploy/ cannot be imported into a running Kibana
 * here, so this test holds them to the saved-object formats both products document (what each type must and
 * may carry, the JSON kept in strings, references between objects) and to the index template the agent
 * installs: a column, sort or query on a field the template does not map shows up as an empty column or a
 * search that never matches, long after the import succeeded.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LogEvent } from '../../agent/kit.js';
import { TEMPLATE_PROPERTIES, buildIndexTemplate } from '../../agent/outputs/elasticsearch/index-template.js';
import { httpThreatConfig } from '../../processors/http_threat/config.js';
import { HttpThreat } from '../../processors/http_threat/http-threat.js';
import { parseAccessLogConfig } from '../../processors/parse_access_log/config.js';
import { ParseAccessLog } from '../../processors/parse_access_log/parse-access-log.js';
import { SAVED_OBJECTS } from '../../scripts/dashboards/objects.js';
import { renderSavedObjects, SAVED_OBJECT_FILES, type Product } from '../../scripts/dashboards/render.js';

type Json = Record<string, unknown>;
type ObjectType = 'index-pattern' | 'search' | 'visualization' | 'dashboard';
interface Reference {
  name: string;
  type: string;
  id: string;
}
interface SavedObject {
  type: ObjectType;
  id: string;
  attributes: Json;
  references: Reference[];
  [key: string]: unknown;
}

interface Platform {
  file: string;
  /** Top-level keys an object may carry. */
  topLevel: string[];
  /** The version stamps each object must carry (the importer migrates from there, and rejects newer ones). */
  versions: (type: ObjectType) => Json;
  /** Attributes each type may hold; anything else is rejected on import. */
  attributes: Record<ObjectType, string[]>;
  /** The reference names a dashboard panel's panelRefName may resolve to. */
  panelReferenceNames: (panelIndex: string, panelRefName: string) => string[];
}

const indexPatternAttributes = ['title', 'timeFieldName', 'fields', 'fieldFormatMap', 'sourceFilters', 'typeMeta'];
/** Aggregation-based visualizations keep Kibana 7.10's attributes in both products. */
const visualizationAttributes = ['title', 'description', 'visState', 'uiStateJSON', 'version', 'savedSearchRefName', 'kibanaSavedObjectMeta'];
/** The aggregation-based chart types the files use; each has its own params, which the editors fill in. */
const visualizationTypes = ['histogram', 'table', 'pie'];

const platforms: Record<string, Platform> = {
  kibana: {
    file: 'deploy/kibana/sidecar-ai.ndjson',
    topLevel: ['type', 'id', 'attributes', 'references', 'coreMigrationVersion', 'typeMigrationVersion', 'managed'],
    // 8.0.0 and 8.9.0 are the last legacy migrations of data views and dashboards; 10.5.0 is saved-search model
    // version 5. All are at or below what Kibana 8.19 knows, and nothing between them and 8.19 rewrites the data.
    // Visualizations are stamped 7.10.0 and written in that format, the one OpenSearch Dashboards reads too:
    // Kibana runs its own visualization migrations from there on import (palettes, legend settings and so on).
    versions: (type) => ({
      coreMigrationVersion: '8.8.0',
      typeMigrationVersion: { 'index-pattern': '8.0.0', search: '10.5.0', visualization: '7.10.0', dashboard: '8.9.0' }[type],
    }),
    // From the create schemas of the saved_search and dashboard types (unknown keys forbidden) and from the
    // attributes Kibana 8 exports for data views.
    attributes: {
      'index-pattern': [...indexPatternAttributes, 'name', 'fieldAttrs', 'runtimeFieldMap', 'allowHidden'],
      search: [
        'title', 'description', 'columns', 'sort', 'grid', 'rowHeight', 'rowsPerPage', 'hideChart', 'breakdownField',
        'kibanaSavedObjectMeta', 'isTextBasedQuery', 'usesAdHocDataView', 'timeRestore', 'timeRange',
        'refreshInterval', 'viewMode', 'hideAggregatedPreview', 'hits', 'version', 'sampleSize', 'headerRowHeight',
        'visContext', 'density',
      ],
      visualization: visualizationAttributes,
      dashboard: [
        'title', 'description', 'kibanaSavedObjectMeta', 'timeRestore', 'timeFrom', 'timeTo', 'refreshInterval',
        'controlGroupInput', 'panelsJSON', 'optionsJSON', 'hits', 'version',
      ],
    },
    // Kibana scopes panel references by panel ("<panelIndex>:panel_<panelIndex>"), and falls back to the
    // unscoped name for dashboards saved before 8.x.
    panelReferenceNames: (panelIndex, refName) => [`${panelIndex}:${refName}`, refName],
  },
  opensearchDashboards: {
    file: 'deploy/opensearch-dashboards/sidecar-ai.ndjson',
    // OpenSearch Dashboards keeps Kibana 7.10's format: one migrationVersion map, no core or type versions.
    topLevel: ['type', 'id', 'attributes', 'references', 'migrationVersion'],
    versions: (type) => ({
      migrationVersion: { [type]: { 'index-pattern': '7.6.0', search: '7.9.3', visualization: '7.10.0', dashboard: '7.9.3' }[type] },
    }),
    // The saved-object index maps search and dashboard attributes strictly: a Kibana 8 attribute fails the import.
    attributes: {
      'index-pattern': [...indexPatternAttributes, 'intervalName', 'type'],
      search: ['title', 'description', 'columns', 'sort', 'hits', 'version', 'kibanaSavedObjectMeta', 'columnWidths'],
      visualization: visualizationAttributes,
      dashboard: [
        'title', 'description', 'kibanaSavedObjectMeta', 'timeRestore', 'timeFrom', 'timeTo', 'refreshInterval',
        'panelsJSON', 'optionsJSON', 'hits', 'version',
      ],
    },
    panelReferenceNames: (_panelIndex, refName) => [refName],
  },
};

const template = buildIndexTemplate({ indexPatterns: ['logs-sidecar-*'], dataStream: true, lifecycle: {} });

interface Mapping {
  type?: string;
  properties?: Record<string, Mapping>;
}

function explicitMapping(segments: string[], properties: Record<string, Mapping>): Mapping | undefined {
  // A mapping may name an object with a dotted key at any level, so every prefix is tried as one key.
  for (let i = segments.length; i >= 1; i--) {
    const mapping = properties[segments.slice(0, i).join('.')];
    if (!mapping) continue;
    if (i === segments.length) return mapping;
    const nested = mapping.properties && explicitMapping(segments.slice(i), mapping.properties);
    if (nested) return nested;
  }
  return undefined;
}

/**
 * The type the index template gives `field`, or undefined when it does not map it as a field. Dynamic
 * templates count only with a path_match: the catch-all for strings would map any name, so it proves nothing.
 */
export function templateFieldType(field: string): string | undefined {
  const explicit = explicitMapping(field.split('.'), TEMPLATE_PROPERTIES as Record<string, Mapping>);
  if (explicit && !explicit.properties && explicit.type !== 'object') return explicit.type;
  for (const entry of template.template.mappings.dynamic_templates) {
    for (const spec of Object.values(entry) as { path_match?: string; mapping: Mapping }[]) {
      if (!spec.path_match) continue;
      const pattern = spec.path_match.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*');
      if (new RegExp(`^${pattern}$`).test(field)) return spec.mapping.type;
    }
  }
  return undefined;
}

/** The fields a KQL query tests: each name before `:` or a range operator, outside quoted strings. */
export function kqlFields(query: string): string[] {
  const unquoted = query.replace(/"(?:[^"\\]|\\.)*"/g, '""');
  return [...unquoted.matchAll(/([@\w.*-]+)\s*(?::|<=|>=|<|>)/g)].map((m) => m[1] as string);
}

/** Parses an attribute that holds JSON in a string; undefined (and a problem noted) when it does not. */
function parseJsonString(value: unknown, what: string, problems: string[]): unknown {
  try {
    if (typeof value === 'string') return JSON.parse(value) as unknown;
  } catch {
    // reported below
  }
  problems.push(`${what} is not a string of valid JSON`);
  return undefined;
}

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Everything wrong with a file's objects, as readable sentences; empty when they are fine. */
export function checkSavedObjects(objects: SavedObject[], platform: Platform): string[] {
  const problems: string[] = [];
  const byId = new Map(objects.map((o) => [`${o.type}:${o.id}`, o]));
  if (byId.size !== objects.length) problems.push('two objects share a type and id');

  for (const obj of objects) {
    const at = `${obj.type} ${obj.id}`;
    const fields: { field: string; use: string }[] = [];
    const usedRefs = new Set<string>();
    const useRef = (names: string[], types: string[], use: string) => {
      const ref = obj.references.find((r) => names.includes(r.name));
      if (!ref) problems.push(`${at}: ${use} names reference ${names[0]}, which is not in references`);
      else if (!types.includes(ref.type)) problems.push(`${at}: ${use} needs a ${types.join(' or ')}, reference ${ref.name} is a ${ref.type}`);
      else usedRefs.add(ref.name);
    };
    const searchSource = (required: boolean) => {
      const meta = obj.attributes.kibanaSavedObjectMeta;
      const json = isObject(meta) ? meta.searchSourceJSON : undefined;
      const source = parseJsonString(json, `${at}: searchSourceJSON`, problems);
      if (!isObject(source)) return;
      const query = isObject(source.query) ? source.query : {};
      if (query.language !== 'kuery' || typeof query.query !== 'string') problems.push(`${at}: the query is not KQL`);
      else for (const field of kqlFields(query.query)) fields.push({ field, use: 'the query' });
      if (!Array.isArray(source.filter)) problems.push(`${at}: searchSourceJSON has no filter array`);
      for (const [i, filter] of (Array.isArray(source.filter) ? source.filter : []).entries()) {
        const filterMeta = isObject(filter) && isObject(filter.meta) ? filter.meta : {};
        if (typeof filterMeta.key === 'string') fields.push({ field: filterMeta.key, use: `filter ${i}` });
        if (typeof filterMeta.indexRefName === 'string') useRef([filterMeta.indexRefName], ['index-pattern'], `filter ${i}`);
      }
      if (typeof source.indexRefName === 'string') useRef([source.indexRefName], ['index-pattern'], 'searchSourceJSON');
      else if (required) problems.push(`${at}: searchSourceJSON has no indexRefName`);
    };

    for (const key of Object.keys(obj)) if (!platform.topLevel.includes(key)) problems.push(`${at}: unexpected key ${key}`);
    for (const [key, want] of Object.entries(platform.versions(obj.type))) {
      if (JSON.stringify(obj[key]) !== JSON.stringify(want)) problems.push(`${at}: ${key} should be ${JSON.stringify(want)}`);
    }
    const allowed = platform.attributes[obj.type];
    if (!allowed) problems.push(`${at}: unknown type`);
    for (const key of Object.keys(obj.attributes ?? {})) {
      if (!allowed?.includes(key)) problems.push(`${at}: attribute ${key} is not part of the ${obj.type} format`);
    }
    if (typeof obj.attributes?.title !== 'string' || obj.attributes.title === '') problems.push(`${at}: no title`);

    if (obj.type === 'index-pattern') {
      const { title, timeFieldName } = obj.attributes;
      if (!template.index_patterns.includes(title as string)) problems.push(`${at}: the index template does not cover ${String(title)}`);
      if (typeof timeFieldName !== 'string') problems.push(`${at}: no timeFieldName`);
      else if (templateFieldType(timeFieldName) !== 'date') problems.push(`${at}: time field ${timeFieldName} is not a date`);
    } else if (obj.type === 'search') {
      const { columns, sort } = obj.attributes;
      if (!Array.isArray(columns) || columns.length === 0) problems.push(`${at}: no columns`);
      for (const column of Array.isArray(columns) ? columns : []) fields.push({ field: String(column), use: 'a column' });
      if (!Array.isArray(sort)) problems.push(`${at}: sort is not an array`);
      for (const pair of Array.isArray(sort) ? sort : []) {
        const [field, direction] = Array.isArray(pair) ? (pair as unknown[]) : [];
        if (typeof field !== 'string' || !['asc', 'desc'].includes(direction as string)) problems.push(`${at}: bad sort ${JSON.stringify(pair)}`);
        // Elasticsearch cannot sort on a text field (no doc values), so a sort must name a keyword, number or date.
        else if (templateFieldType(field) === 'text') problems.push(`${at}: sorts on text field ${field}`);
        else fields.push({ field, use: 'the sort' });
      }
      searchSource(true);
    } else if (obj.type === 'visualization') {
      const state = parseJsonString(obj.attributes.visState, `${at}: visState`, problems);
      const vis = isObject(state) ? state : {};
      if (vis.title !== obj.attributes.title) problems.push(`${at}: visState.title differs from the title`);
      if (!visualizationTypes.includes(vis.type as string)) problems.push(`${at}: unknown visualization type ${String(vis.type)}`);
      if (!isObject(vis.params)) problems.push(`${at}: visState has no params`);
      const aggs = Array.isArray(vis.aggs) ? (vis.aggs as unknown[]) : [];
      if (aggs.length === 0) problems.push(`${at}: visState holds no aggregations`);
      for (const agg of aggs) {
        const { id, type, schema, params } = isObject(agg) ? agg : {};
        const use = `aggregation ${String(id)}`;
        if (typeof id !== 'string' || typeof type !== 'string' || typeof schema !== 'string') problems.push(`${at}: ${use} lacks an id, type or schema`);
        const field = isObject(params) ? params.field : undefined;
        if (type !== 'count' && typeof field !== 'string') problems.push(`${at}: ${use} (${String(type)}) names no field`);
        if (typeof field !== 'string') continue;
        const fieldType = templateFieldType(field);
        // Aggregations read doc values, which text fields lack; a date histogram needs a date.
        if (fieldType === 'text') problems.push(`${at}: ${use} aggregates text field ${field}`);
        else if (type === 'date_histogram' && fieldType !== undefined && fieldType !== 'date') problems.push(`${at}: ${use} is a date histogram on ${fieldType} field ${field}`);
        else fields.push({ field, use });
      }
      parseJsonString(obj.attributes.uiStateJSON, `${at}: uiStateJSON`, problems);
      // A visualization built on a saved search takes the search's data view and query from it.
      const savedSearch = obj.attributes.savedSearchRefName;
      if (typeof savedSearch === 'string') useRef([savedSearch], ['search'], 'savedSearchRefName');
      searchSource(typeof savedSearch !== 'string');
    } else if (obj.type === 'dashboard') {
      const options = parseJsonString(obj.attributes.optionsJSON, `${at}: optionsJSON`, problems);
      if (options !== undefined && !isObject(options)) problems.push(`${at}: optionsJSON is not an object`);
      const panels = parseJsonString(obj.attributes.panelsJSON, `${at}: panelsJSON`, problems);
      if (!Array.isArray(panels) || panels.length === 0) problems.push(`${at}: panelsJSON holds no panels`);
      for (const panel of Array.isArray(panels) ? (panels as Json[]) : []) {
        const grid = isObject(panel.gridData) ? panel.gridData : {};
        const index = panel.panelIndex;
        if (typeof index !== 'string' || grid.i !== index) problems.push(`${at}: panel ${String(index)} has no matching gridData.i`);
        if (!['x', 'y', 'w', 'h'].every((k) => typeof grid[k] === 'number')) problems.push(`${at}: panel ${String(index)} has no grid position`);
        // Both dashboards treat a panel without a version as pre-7.3 and try to migrate it.
        if (typeof panel.version !== 'string') problems.push(`${at}: panel ${String(index)} has no version`);
        if (!isObject(panel.embeddableConfig)) problems.push(`${at}: panel ${String(index)} has no embeddableConfig`);
        if (typeof panel.panelRefName !== 'string') problems.push(`${at}: panel ${String(index)} has no panelRefName`);
        else {
          // OpenSearch Dashboards keeps a panel's type only in its reference.
          const embeds = typeof panel.type === 'string' ? [panel.type] : ['search', 'visualization'];
          useRef(platform.panelReferenceNames(String(index), panel.panelRefName), embeds, `panel ${String(index)}`);
        }
      }
      searchSource(false);
    }

    for (const ref of obj.references ?? []) {
      if (!byId.has(`${ref.type}:${ref.id}`)) problems.push(`${at}: reference ${ref.name} points at ${ref.type} ${ref.id}, which is not in the file`);
      if (!usedRefs.has(ref.name)) problems.push(`${at}: reference ${ref.name} is not used`);
    }
    for (const { field, use } of fields) {
      if (!templateFieldType(field)) problems.push(`${at}: ${use} names ${field}, which the index template does not map`);
    }
  }
  return problems;
}

function readObjects(file: string): SavedObject[] {
  const text = readFileSync(path.resolve(import.meta.dirname, '../..', file), 'utf8');
  return text.split('\n').filter((line) => line.trim() !== '').map((line) => JSON.parse(line) as SavedObject);
}

describe('saved objects in deploy/', () => {
  for (const [name, platform] of Object.entries(platforms)) {
    it(`${name}: follow the documented format and reference only mapped fields`, () => {
      const objects = readObjects(platform.file);
      expect(objects.map((o) => `${o.type}:${o.id}`)).toEqual(SAVED_OBJECTS.map((spec) => `${{ 'data-view': 'index-pattern', search: 'search', chart: 'visualization', dashboard: 'dashboard' }[spec.kind]}:${spec.id}`));
      expect(checkSavedObjects(objects, platform)).toEqual([]);
    });
  }

  it.each(Object.entries(SAVED_OBJECT_FILES) as [Product, string][])('%s: the file is what npm run docs:dashboards writes', (product, file) => {
    expect(readFileSync(path.resolve(import.meta.dirname, '../..', file), 'utf8')).toBe(renderSavedObjects(SAVED_OBJECTS, product));
  });

  it('give each audience its dashboard: support staff, payment analysts and security', () => {
    const dashboards = readObjects(platforms.kibana!.file).filter((o) => o.type === 'dashboard');
    const shown = (id: string) => dashboards.find((d) => d.id === id)?.references.map((r) => r.id) ?? [];
    expect(shown('sidecar-ai-support')).toEqual(
      expect.arrayContaining(['sidecar-ai-tickets-by-tag-over-time', 'sidecar-ai-top-tags', 'sidecar-ai-tagged-tickets', 'sidecar-ai-tickets-by-priority-over-time', 'sidecar-ai-tickets-by-sentiment-over-time']),
    );
    expect(shown('sidecar-ai-payments')).toEqual(
      expect.arrayContaining(['sidecar-ai-anomalies-over-time', 'sidecar-ai-anomaly-score-distribution', 'sidecar-ai-anomaly-features', 'sidecar-ai-anomalous-transactions']),
    );
    expect(shown('sidecar-ai-http-threats-overview')).toEqual(expect.arrayContaining(['sidecar-ai-http-threats-over-time', 'sidecar-ai-http-threats']));
  });

  it('both files describe the same searches, charts and dashboard contents', () => {
    const summary = (file: string) =>
      readObjects(file).map((o) => [
        o.id,
        o.attributes.title,
        o.attributes.columns,
        o.attributes.sort,
        o.attributes.timeFieldName,
        o.attributes.visState,
        o.attributes.kibanaSavedObjectMeta,
        o.references.map((r) => `${r.type}:${r.id}`).sort(),
      ]);
    expect(summary(platforms.opensearchDashboards!.file)).toEqual(summary(platforms.kibana!.file));
  });
});

/** The values at a dotted path, looking through arrays of objects (as Elasticsearch flattens them). */
function valuesAt(value: unknown, segments: string[]): unknown[] {
  if (Array.isArray(value)) return value.flatMap((v) => valuesAt(v, segments));
  if (segments.length === 0) return value === undefined ? [] : [value];
  return isObject(value) ? valuesAt(value[segments[0]!], segments.slice(1)) : [];
}

describe('the HTTP threats objects and what the processors write', () => {
  it('an attack in an access log becomes an event the search matches, carrying every field the objects use', () => {
    const line = `198.51.100.23 - - [02/Nov/2026:10:15:03 +0100] "GET /search?q=%27%20UNION%20SELECT%20username%20FROM%20users--%20 HTTP/1.1" 403 153 "-" "Mozilla/5.0"`;
    const read: LogEvent = { '@timestamp': '2026-11-02T09:20:00.000Z', message: line };
    const parsed = new ParseAccessLog(parseAccessLogConfig.parse({})).process([read]);
    const [alert] = new HttpThreat(httpThreatConfig.parse({})).process(parsed);

    for (const file of [platforms.kibana!.file, platforms.opensearchDashboards!.file]) {
      const objects = readObjects(file);
      const search = objects.find((o) => o.id === 'sidecar-ai-http-threats')!;
      const source = JSON.parse((search.attributes.kibanaSavedObjectMeta as Json).searchSourceJSON as string) as { query: { query: string } };
      // The query is a conjunction of field:value terms; anything richer would need a real KQL evaluator here.
      const terms = source.query.query.split(' and ').map((term) => /^([\w.@]+):([\w-]+)$/.exec(term));
      expect(terms.every((t) => t !== null)).toBe(true);
      for (const [, field, value] of terms as RegExpExecArray[]) expect(valuesAt(alert, field!.split('.'))).toContain(value);

      const fields = [...(search.attributes.columns as string[]), ...(search.attributes.sort as string[][]).map(([field]) => field!)];
      for (const chart of objects.filter((o) => o.type === 'visualization' && o.references.some((r) => r.id === search.id))) {
        const state = JSON.parse(chart.attributes.visState as string) as { aggs: { params: { field?: string } }[] };
        for (const agg of state.aggs) if (agg.params.field !== undefined) fields.push(agg.params.field);
      }
      expect(fields).toContain('threat.reasons.class');
      expect(fields.filter((field) => valuesAt(alert, field.split('.')).length === 0)).toEqual([]);
    }
  });
});

describe('the checks themselves', () => {
  it('resolve fields through explicit mappings and path_match dynamic templates only', () => {
    expect(templateFieldType('@timestamp')).toBe('date');
    expect(templateFieldType('transaction.merchant.name')).toBe('keyword');
    expect(templateFieldType('ticket.tag_scores.billing')).toBe('float');
    expect(templateFieldType('ticket.priority_scores.urgent')).toBe('float');
    expect(templateFieldType('ticket.tagger.sentiment.shadow.sentiment_scores.negative')).toBe('float');
    expect(templateFieldType('ticket.sentiment_confidence')).toBe('keyword');
    expect(templateFieldType('labels.team')).toBe('keyword');
    expect(templateFieldType('anomaly.scroe')).toBeUndefined();
    expect(templateFieldType('transaction.merchant')).toBeUndefined();
  });

  it('find the fields of a KQL query', () => {
    expect(kqlFields('ticket.tags:* and not (anomaly.score >= 0.9 or message:"a:b")')).toEqual(['ticket.tags', 'anomaly.score', 'message']);
  });

  it('report a chart on a missing, a text or a non-date field, and one on a search that is not referenced', () => {
    const objects = readObjects(platforms.kibana!.file);
    const chart = objects.find((o) => o.id === 'sidecar-ai-http-threats-over-time')!;
    const state = JSON.parse(chart.attributes.visState as string) as { aggs: { type: string; params: { field?: string } }[] };
    const dates = state.aggs.find((a) => a.type === 'date_histogram')!;
    const terms = state.aggs.find((a) => a.type === 'terms')!;
    dates.params.field = 'threat.score';
    terms.params.field = 'threat.reasons.klass';
    chart.attributes.visState = JSON.stringify(state);
    const pie = objects.find((o) => o.id === 'sidecar-ai-http-threat-classes')!;
    pie.attributes.visState = (pie.attributes.visState as string).replace('"threat.reasons.class"', '"message"');
    const table = objects.find((o) => o.id === 'sidecar-ai-http-threat-clients')!;
    table.attributes.savedSearchRefName = 'search_1';
    const problems = checkSavedObjects(objects, platforms.kibana!).join('\n');
    expect(problems).toContain('is a date histogram on float field threat.score');
    expect(problems).toContain('names threat.reasons.klass, which the index template does not map');
    expect(problems).toContain('aggregates text field message');
    expect(problems).toContain('savedSearchRefName names reference search_1, which is not in references');
  });

  it('report a wrong field, a dangling reference and a broken panel', () => {
    const objects = readObjects(platforms.kibana!.file);
    const search = objects.find((o) => o.type === 'search')!;
    search.attributes.columns = ['ticket.tagz'];
    search.attributes.kibanaSavedObjectMeta = {
      searchSourceJSON: JSON.stringify({ query: { query: 'anomaly.is_anomalous:true', language: 'kuery' }, filter: [] }),
    };
    const dashboard = objects.find((o) => o.type === 'dashboard')!;
    dashboard.references.find((r) => r.type === 'search')!.id = 'no-such-search';
    dashboard.attributes.panelsJSON = '[{"panelIndex":"1"}]';
    const problems = checkSavedObjects(objects, platforms.kibana!).join('\n');
    expect(problems).toContain('a column names ticket.tagz, which the index template does not map');
    expect(problems).toContain('the query names anomaly.is_anomalous, which the index template does not map');
    expect(problems).toContain('searchSourceJSON has no indexRefName');
    expect(problems).toContain('points at search no-such-search, which is not in the file');
    expect(problems).toContain('panel 1 has no panelRefName');
  });
});
