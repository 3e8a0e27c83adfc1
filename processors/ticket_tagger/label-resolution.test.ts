import { describe, expect, it } from 'vitest';
import { ticketTaggerConfig } from './config.js';
import { LABEL_SETS } from './label-sets.js';
import { outputFields, resolvedLabels, resolvedRules, taggerOutput } from './label-resolution.js';

const model = { path: 'models/all-minilm-l6-v2' };
const problems = (raw: object) => ticketTaggerConfig.safeParse({ model, ...raw }).error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`) ?? [];

describe('label sets', () => {
  it('resolves a set to its labels, a configured label replacing the one of the same name and others added after', () => {
    const config = ticketTaggerConfig.parse({
      model,
      label_set: 'priority',
      labels: [
        { name: 'urgent', description: 'outages of our payment terminals' },
        { name: 'legal', description: 'lawyers, court, formal complaints', examples: ['My lawyer will contact you'] },
      ],
    });
    const labels = resolvedLabels(config);
    expect(labels.map((l) => l.name)).toEqual(['urgent', 'normal', 'low', 'legal']);
    expect(labels[0]).toEqual({ name: 'urgent', description: 'outages of our payment terminals', examples: [] });
    expect(labels[1]).toBe(LABEL_SETS.priority.labels[1]);
  });

  it('writes one label to the set target with its fallback, versions under ticket.tagger.<target name>', () => {
    expect(taggerOutput(ticketTaggerConfig.parse({ model, label_set: 'priority' }))).toEqual({ kind: 'single', namespace: 'ticket.tagger.priority', target: 'ticket.priority', fallback: 'normal' });
    expect(taggerOutput(ticketTaggerConfig.parse({ model, label_set: 'sentiment', target: 'labels.mood', fallback: 'negative' }))).toEqual({
      kind: 'single',
      namespace: 'ticket.tagger.mood',
      target: 'labels.mood',
      fallback: 'negative',
    });
    const ownLabels = [
      { name: 'a', description: 'first' },
      { name: 'b', description: 'second' },
    ];
    expect(taggerOutput(ticketTaggerConfig.parse({ model, labels: ownLabels }))).toEqual({ kind: 'tags', namespace: 'ticket.tagger' });
    expect(taggerOutput(ticketTaggerConfig.parse({ model, labels: ownLabels, target: 'ticket.team' }))).toMatchObject({ kind: 'single', target: 'ticket.team', fallback: undefined });
  });

  it('names the fields of the result, its scores and confidence, and a shadow candidate’s beside the version', () => {
    expect(outputFields(taggerOutput({ labels: [] }))).toEqual({
      own: { value: 'ticket.tags', scores: 'ticket.tag_scores', confidence: 'ticket.tags_confidence' },
      shadow: { value: 'ticket.tagger.shadow.tags', scores: 'ticket.tagger.shadow.tag_scores', confidence: 'ticket.tagger.shadow.tags_confidence' },
    });
    expect(outputFields(taggerOutput({ label_set: 'sentiment', labels: [] }))).toEqual({
      own: { value: 'ticket.sentiment', scores: 'ticket.sentiment_scores', confidence: 'ticket.sentiment_confidence' },
      shadow: { value: 'ticket.tagger.sentiment.shadow.sentiment', scores: 'ticket.tagger.sentiment.shadow.sentiment_scores', confidence: 'ticket.tagger.sentiment.shadow.sentiment_confidence' },
    });
  });

  it('applies the set’s keyword rules before the configured ones', () => {
    const own = { tag: 'negative', keywords: ['lawyer'], action: 'force' as const };
    expect(resolvedRules({ label_set: 'sentiment', rules: [own] })).toEqual([...LABEL_SETS.sentiment.rules, own]);
    expect(resolvedRules({ rules: [own] })).toEqual([own]);
  });

  it('needs no labels of its own with a set, and defaults to English with the language in ticket.language', () => {
    const config = ticketTaggerConfig.parse({ model, label_set: 'sentiment' });
    expect(config).toMatchObject({ labels: [], languages: ['en'], language_field: 'ticket.language' });
  });

  it('refuses an unknown set, a fallback without one label to write or that names no label, and a target where versions go', () => {
    expect(problems({ label_set: 'urgency' })).toEqual([expect.stringMatching(/^label_set: Invalid option: expected one of "priority"\|"sentiment"/)]);
    expect(problems({ labels: [{ name: 'a', description: 'first' }], fallback: 'a' })).toEqual(['fallback: fallback applies to single-label tagging: set target or label_set']);
    expect(problems({ label_set: 'priority', fallback: 'medium' })).toEqual(['fallback: fallback must name one of the labels']);
    expect(problems({ label_set: 'priority', target: 'ticket.shadow' })).toEqual([expect.stringMatching(/^target: target must not end in model_version or shadow/)]);
    expect(problems({ label_set: 'priority', languages: ['EN'] })).toEqual(['languages.0: expected an ISO 639 code in lower case, such as en']);
    expect(problems({})).toEqual(['labels: expected at least one label (here, from label_set or from examples_file)']);
  });
});
