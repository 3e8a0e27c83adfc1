/** Ranking measures for anomaly scores against labels (1 = anomaly): ROC-AUC and precision at the top. */

/** ROC-AUC by the rank-sum (Mann–Whitney) formula, ties counted half. */
export function rocAuc(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  const order = Array.from({ length: scores.length }, (_, i) => i).sort((a, b) => (scores[a] as number) - (scores[b] as number));
  let positives = 0;
  let rankSum = 0;
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j + 1 < order.length && scores[order[j + 1] as number] === scores[order[i] as number]) j++;
    const rank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) {
      if (labels[order[k] as number] === 1) {
        positives++;
        rankSum += rank;
      }
    }
    i = j + 1;
  }
  const negatives = order.length - positives;
  if (positives === 0 || negatives === 0) return Number.NaN;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/** Share of anomalies among the `share` highest scores. */
export function precisionAt(scores: ArrayLike<number>, labels: ArrayLike<number>, share: number): number {
  const top = Math.max(1, Math.round(scores.length * share));
  const order = Array.from({ length: scores.length }, (_, i) => i).sort((a, b) => (scores[b] as number) - (scores[a] as number));
  let hits = 0;
  for (let i = 0; i < top; i++) hits += labels[order[i] as number] === 1 ? 1 : 0;
  return hits / top;
}
