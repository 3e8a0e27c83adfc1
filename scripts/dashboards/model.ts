/**
 * The saved objects described once, in the terms both products share: a data view, saved searches,
 * aggregation-based charts and dashboards. render.ts writes them in each product's own format.
 */
export interface DataView {
  kind: 'data-view';
  id: string;
  name: string;
  title: string;
  timeField: string;
}

export interface SavedSearch {
  kind: 'search';
  id: string;
  title: string;
  description: string;
  /** KQL. */
  query: string;
  columns: string[];
  sort: [string, 'asc' | 'desc'][];
}

/** One aggregation of a chart, in the visState format both products read (Kibana 7.10). */
export interface Aggregation {
  type: 'count' | 'max' | 'avg' | 'terms' | 'date_histogram' | 'histogram';
  schema: 'metric' | 'segment' | 'group' | 'bucket' | 'split';
  params?: Record<string, unknown>;
}

export interface Chart {
  kind: 'chart';
  id: string;
  title: string;
  description: string;
  type: 'histogram' | 'table' | 'pie';
  /** The saved search whose query and data view the chart counts in, or a query of its own on the data view. */
  on: { search: string } | { dataView: string; query: string };
  aggs: Aggregation[];
  /** Label of the value axis (bar charts). */
  valueLabel?: string;
  /** Bars stacked (over time) or side by side. */
  stacked?: boolean;
}

export interface Panel {
  /** Id of the saved search or chart. */
  show: string;
  /** Panel key, unique within the dashboard. */
  key: string;
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface Dashboard {
  kind: 'dashboard';
  id: string;
  title: string;
  description: string;
  panels: Panel[];
}

export type SavedObjectSpec = DataView | SavedSearch | Chart | Dashboard;

/** Terms buckets of `field`, biggest first. */
export function terms(field: string, schema: Aggregation['schema'], size = 10, otherBucket = true): Aggregation {
  return {
    type: 'terms',
    schema,
    params: { field, orderBy: '1', order: 'desc', size, otherBucket, otherBucketLabel: 'Other', missingBucket: false, missingBucketLabel: 'Missing' },
  };
}

/** Buckets of `field` (a date) per automatic interval. */
export function overTime(field = '@timestamp'): Aggregation {
  return {
    type: 'date_histogram',
    schema: 'segment',
    params: { field, useNormalizedEsInterval: true, scaleMetricValues: false, interval: 'auto', drop_partials: false, min_doc_count: 1, extended_bounds: {} },
  };
}

export const count: Aggregation = { type: 'count', schema: 'metric' };

/** The highest value of `field` in each bucket. */
export function maxOf(field: string): Aggregation {
  return { type: 'max', schema: 'metric', params: { field } };
}
