import { describe, expect, it } from 'vitest';
import { anomalyConfig } from '../anomaly/config.js';
import { ticketTaggerConfig } from '../ticket_tagger/config.js';

const features = [{ field: 'amount', type: 'numeric' }];
const onnx = (file: string) => ({ format: 'onnx', path: file });

describe('roll-out settings', () => {
  it('take one candidate at a time, as a canary with a key or as a shadow', () => {
    expect(anomalyConfig.safeParse({ features, canary: { model: onnx('b.onnx'), key: 'card' } }).data?.canary).toEqual({ model: onnx('b.onnx'), key: 'card', share: 0.1 });
    expect(anomalyConfig.safeParse({ features, shadow: { model: { format: 'online', seed: 3 } } }).success).toBe(true);
    const both = anomalyConfig.safeParse({ features, canary: { model: onnx('b.onnx'), key: 'card' }, shadow: { model: onnx('c.onnx') } });
    expect(both.error?.issues).toEqual([expect.objectContaining({ path: ['shadow'], message: 'expected canary or shadow, not both: one candidate model at a time' })]);
    expect(anomalyConfig.safeParse({ features, canary: { model: onnx('b.onnx') } }).error?.issues[0]?.path).toEqual(['canary', 'key']);
    expect(anomalyConfig.safeParse({ features, canary: { model: onnx('b.onnx'), key: 'card', share: 0 } }).success).toBe(false);
    expect(anomalyConfig.safeParse({ features, canary: { model: onnx('b.onnx'), key: 'card', share: 1.5 } }).success).toBe(false);
  });

  it('give the ticket processors a candidate model folder, and the guard its defaults', () => {
    const labels = [{ name: 'billing', description: 'charges' }];
    const config = ticketTaggerConfig.parse({ model: { path: 'a' }, labels, canary: { model: { path: 'b' }, key: 'customer.id', share: 0.25 } });
    expect(config.canary).toEqual({ model: { path: 'b' }, key: 'customer.id', share: 0.25 });
    expect(config.guard).toEqual({ enabled: true, min_events: 500, error_rate_band: 0.02, flagged_rate_band: { absolute: 0.02, relative: 0.5 } });
    expect(ticketTaggerConfig.safeParse({ model: { path: 'a' }, labels, shadow: { model: { format: 'onnx', path: 'x' } } }).success).toBe(false);
  });
});
