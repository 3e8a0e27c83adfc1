/**
 * Every built-in component, listed in one place. Adding a component means adding it here; the pipeline
 * core never imports a concrete component.
 */
import { fileInput } from './inputs/file/index.js';
import { kafkaInput } from './inputs/kafka/index.js';
import { elasticsearchOutput } from './outputs/elasticsearch/index.js';
import { fileOutput } from './outputs/file/index.js';
import { stdoutOutput } from './outputs/stdout/index.js';
import { ComponentRegistry } from './registry.js';
import { parseJsonProcessor } from '../processors/parse_json/index.js';
import { parseAccessLogProcessor } from '../processors/parse_access_log/index.js';
import { httpThreatProcessor } from '../processors/http_threat/index.js';
import { redactProcessor } from '../processors/redact/index.js';
import { anomalyProcessor } from '../processors/anomaly/index.js';
import { ticketCleanProcessor } from '../processors/ticket_clean/index.js';
import { ticketSummarizerProcessor } from '../processors/ticket_summarizer/index.js';
import { ticketTaggerProcessor } from '../processors/ticket_tagger/index.js';
import { ticketEntitiesProcessor } from '../processors/ticket_entities/index.js';
import { detectLanguageProcessor } from '../processors/detect_language/index.js';

export function builtinRegistry(): ComponentRegistry {
  return new ComponentRegistry().register(fileInput, kafkaInput, parseJsonProcessor, parseAccessLogProcessor, httpThreatProcessor, redactProcessor, ticketCleanProcessor, detectLanguageProcessor, ticketEntitiesProcessor, ticketTaggerProcessor, ticketSummarizerProcessor, anomalyProcessor, fileOutput, stdoutOutput, elasticsearchOutput);
}
