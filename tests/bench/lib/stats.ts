// Order statistics of timings.

/** Nearest-rank percentile (p in 0..100) of unsorted samples; NaN when there are none. */
export const percentile = (samples: readonly number[], p: number): number => {
  if (!samples.length) return NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
};

export const median = (samples: readonly number[]): number => percentile(samples, 50);
