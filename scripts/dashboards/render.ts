/**
 * Writes the saved objects of objects.ts in each product's import format: Kibana 8.19 (8.x version stamps,
 * panel references scoped by panel) and OpenSearch Dashboards 2.x (Kibana 7.10's format: one
 * migrationVersion map, plain panel_<n> references, only the attributes its saved-object index knows).
 */
import type { Aggregation, Chart, Dashboard, DataView, SavedObjectSpec, SavedSearch } from './model.js';

export type Product = 'kibana' | 'opensearch-dashboards';

interface Reference {
  id: string;
  name: string;
  type: string;
}
type Json = Record<string, unknown>;

const INDEX_REF = 'kibanaSavedObjectMeta.searchSourceJSON.index';
const EMPTY_SOURCE = JSON.stringify({ query: { query: '', language: 'kuery' }, filter: [] });

function searchSource(query: string, withIndex: boolean): { searchSourceJSON: string } {
  return { searchSourceJSON: JSON.stringify({ query: { query, language: 'kuery' }, filter: [], ...(withIndex ? { indexRefName: INDEX_REF } : {}) }) };
}

/** Version stamps: at or below what each product knows, so it migrates the objects forward on import. */
function stamps(product: Product, type: string): Json {
  if (product === 'opensearch-dashboards') {
    return { migrationVersion: { [type]: ({ 'index-pattern': '7.6.0', search: '7.9.3', visualization: '7.10.0', dashboard: '7.9.3' } as Json)[type] } };
  }
  return { coreMigrationVersion: '8.8.0', managed: false, typeMigrationVersion: ({ 'index-pattern': '8.0.0', search: '10.5.0', visualization: '7.10.0', dashboard: '8.9.0' } as Json)[type] };
}

function dataView(spec: DataView, product: Product): Json {
  const attributes: Json =
    product === 'kibana'
      ? { fieldAttrs: '{}', fieldFormatMap: '{}', fields: '[]', name: spec.name, runtimeFieldMap: '{}', sourceFilters: '[]', timeFieldName: spec.timeField, title: spec.title, typeMeta: '{}' }
      : { fields: '[]', timeFieldName: spec.timeField, title: spec.title };
  return { attributes, id: spec.id, references: [], type: 'index-pattern', ...stamps(product, 'index-pattern') };
}

function search(spec: SavedSearch, dataViewId: string, product: Product): Json {
  const common = { columns: spec.columns, description: spec.description, kibanaSavedObjectMeta: searchSource(spec.query, true), sort: spec.sort, title: spec.title };
  const attributes: Json =
    product === 'kibana' ? { ...common, grid: {}, hideChart: false, isTextBasedQuery: false, timeRestore: false } : { ...common, hits: 0, version: 1 };
  return { attributes, id: spec.id, references: [{ id: dataViewId, name: INDEX_REF, type: 'index-pattern' }], type: 'search', ...stamps(product, 'search') };
}

function chartParams(spec: Chart): Json {
  if (spec.type === 'table') {
    return { perPage: 10, showPartialRows: false, showMetricsAtAllLevels: false, sort: { columnIndex: null, direction: null }, showTotal: false, totalFunc: 'sum', percentageCol: '' };
  }
  if (spec.type === 'pie') {
    return { type: 'pie', addTooltip: true, addLegend: true, legendPosition: 'right', isDonut: true, labels: { show: false, values: true, last_level: true, truncate: 100 } };
  }
  const label = spec.valueLabel ?? 'Count';
  return {
    type: 'histogram',
    grid: { categoryLines: false },
    categoryAxes: [{ id: 'CategoryAxis-1', type: 'category', position: 'bottom', show: true, style: {}, scale: { type: 'linear' }, labels: { show: true, filter: true, truncate: 100 }, title: {} }],
    valueAxes: [
      {
        id: 'ValueAxis-1', name: 'LeftAxis-1', type: 'value', position: 'left', show: true, style: {}, scale: { type: 'linear', mode: 'normal' },
        labels: { show: true, rotate: 0, filter: false, truncate: 100 }, title: { text: label },
      },
    ],
    seriesParams: [
      { show: true, type: 'histogram', mode: spec.stacked === true ? 'stacked' : 'normal', data: { label, id: '1' }, valueAxis: 'ValueAxis-1', drawLinesBetweenPoints: true, lineWidth: 2, showCircles: true },
    ],
    addTooltip: true, addLegend: true, legendPosition: 'right', times: [], addTimeMarker: false, labels: { show: false },
    thresholdLine: { show: false, value: 10, width: 1, style: 'full', color: '#E7664C' },
  };
}

function chart(spec: Chart, product: Product): Json {
  const aggs = spec.aggs.map((agg: Aggregation, i) => ({ id: String(i + 1), enabled: true, type: agg.type, params: agg.params ?? {}, schema: agg.schema }));
  const visState = JSON.stringify({ title: spec.title, type: spec.type, aggs, params: chartParams(spec) });
  const onSearch = 'search' in spec.on;
  const references: Reference[] = 'search' in spec.on ? [{ id: spec.on.search, name: 'search_0', type: 'search' }] : [{ id: spec.on.dataView, name: INDEX_REF, type: 'index-pattern' }];
  const attributes: Json = {
    description: spec.description,
    kibanaSavedObjectMeta: 'search' in spec.on ? { searchSourceJSON: EMPTY_SOURCE } : searchSource(spec.on.query, true),
    ...(onSearch ? { savedSearchRefName: 'search_0' } : {}),
    title: spec.title,
    uiStateJSON: '{}',
    version: 1,
    visState,
  };
  return { attributes, id: spec.id, references, type: 'visualization', ...stamps(product, 'visualization') };
}

function dashboard(spec: Dashboard, typeOf: (id: string) => string, product: Product): Json {
  const kibana = product === 'kibana';
  const references: Reference[] = [];
  const panels = spec.panels.map((panel, n) => {
    const type = typeOf(panel.show);
    const refName = kibana ? `panel_${panel.key}` : `panel_${n}`;
    references.push({ id: panel.show, name: kibana ? `${panel.key}:${refName}` : refName, type });
    const gridData = { x: panel.x, y: panel.y, w: panel.w, h: panel.h, i: panel.key };
    return kibana
      ? { version: '8.9.0', type, gridData, panelIndex: panel.key, embeddableConfig: { enhancements: {} }, panelRefName: refName }
      : { version: '2.11.0', gridData, panelIndex: panel.key, embeddableConfig: {}, panelRefName: refName };
  });
  const options = kibana ? { useMargins: true, syncColors: false, syncCursor: true, syncTooltips: false, hidePanelTitles: false } : { useMargins: true, hidePanelTitles: false };
  const attributes: Json = {
    description: spec.description,
    ...(kibana ? {} : { hits: 0 }),
    kibanaSavedObjectMeta: { searchSourceJSON: EMPTY_SOURCE },
    optionsJSON: JSON.stringify(options),
    panelsJSON: JSON.stringify(panels),
    timeRestore: false,
    title: spec.title,
    version: 1,
  };
  return { attributes, id: spec.id, references, type: 'dashboard', ...stamps(product, 'dashboard') };
}

/** JSON with object keys in sorted order, so the files are stable and diff well. */
function sortedJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    typeof v === 'object' && v !== null && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Json).sort(([a], [b]) => a.localeCompare(b))) : v,
  );
}

/** The NDJSON file of `specs` for `product`: one object per line, in the order given. */
export function renderSavedObjects(specs: readonly SavedObjectSpec[], product: Product): string {
  const dataViewId = specs.find((s): s is DataView => s.kind === 'data-view')?.id;
  if (dataViewId === undefined) throw new Error('the saved objects need a data view');
  const typeOf = (id: string): string => {
    const target = specs.find((s) => s.id === id);
    if (target === undefined || (target.kind !== 'search' && target.kind !== 'chart')) throw new Error(`a dashboard panel shows ${id}, which is neither a saved search nor a chart`);
    return target.kind === 'search' ? 'search' : 'visualization';
  };
  const lines = specs.map((spec) => {
    switch (spec.kind) {
      case 'data-view':
        return dataView(spec, product);
      case 'search':
        return search(spec, dataViewId, product);
      case 'chart':
        return chart(spec, product);
      case 'dashboard':
        return dashboard(spec, typeOf, product);
    }
  });
  return `${lines.map(sortedJson).join('\n')}\n`;
}

export const SAVED_OBJECT_FILES: Readonly<Record<Product, string>> = {
  kibana: 'deploy/kibana/sidecar-ai.ndjson',
  'opensearch-dashboards': 'deploy/opensearch-dashboards/sidecar-ai.ndjson',
};
