/**
 * Which search engine a node runs and which Elasticsearch REST API version to ask for. Apart from the client
 * so that config validation does not load the client library.
 */
import { z } from 'zod';

export const searchEngineSchema = z.enum(['elasticsearch', 'opensearch']);
export type SearchEngine = z.infer<typeof searchEngineSchema>;

/** The Elasticsearch REST API version to request: 9 (the client's own) or 8 (for 8.x servers). */
export const compatibleWithSchema = z.union([z.literal(8), z.literal(9)]);
export type CompatibleWith = z.infer<typeof compatibleWithSchema>;
