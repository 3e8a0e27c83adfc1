import { describe, expect, it } from 'vitest';
import { majorityClass, singleLabelReport } from './priority-metrics.js';

describe('single-label measures', () => {
  const labels = ['urgent', 'normal', 'low'];
  const gold = ['urgent', 'urgent', 'normal', 'normal', 'normal', 'low'];
  const predicted = ['urgent', 'normal', 'normal', 'normal', 'low', 'low'];

  it('counts the confusion matrix by gold row and predicted column, and accuracy on the diagonal', () => {
    const report = singleLabelReport(labels, gold, predicted);
    expect(report.confusion).toEqual([
      [1, 1, 0],
      [0, 2, 1],
      [0, 0, 1],
    ]);
    expect(report.accuracy).toBeCloseTo(4 / 6);
  });

  it('scores each class as precision and recall of its one label, and macro-F1 as their mean F1', () => {
    const [urgent, normal, low] = singleLabelReport(labels, gold, predicted).classes;
    expect(urgent).toMatchObject({ support: 2, precision: 1, recall: 0.5 });
    expect(normal).toMatchObject({ support: 3, precision: 2 / 3, recall: 2 / 3 });
    expect(low).toMatchObject({ support: 1, precision: 0.5, recall: 1 });
    expect(singleLabelReport(labels, gold, predicted).macroF1).toBeCloseTo((2 / 3 + 2 / 3 + 2 / 3) / 3);
  });

  it('takes the most frequent gold class as the majority baseline', () => {
    expect(majorityClass(labels, gold)).toBe('normal');
    expect(majorityClass(labels, ['low', 'urgent'])).toBe('urgent');
  });
});
