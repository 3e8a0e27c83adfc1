/**
 * The entity kinds and the names of the built-in patterns, apart from the patterns themselves so the config
 * schema can check names without loading the extraction code (chrono-node).
 */
export const ENTITY_KINDS = ['order_id', 'amount', 'date', 'sku', 'error_code', 'tracking_number', 'email_domain'] as const;
export type EntityKind = (typeof ENTITY_KINDS)[number];

export const BUILTIN_PATTERN_NAMES = [
  'order_code',
  'order_keyword',
  'order_hash',
  'amount_code_after',
  'amount_code_before',
  'amount_symbol_before',
  'amount_symbol_after',
  'date_chrono',
  'sku_labelled',
  'error_http',
  'error_labelled',
  'error_symbolic',
  'error_hex',
  'error_e_number',
  'tracking_ups',
  'tracking_usps',
  'tracking_s10',
  'tracking_dhl',
  'tracking_labelled',
  'email_domain',
] as const;
export type BuiltinPatternName = (typeof BUILTIN_PATTERN_NAMES)[number];
