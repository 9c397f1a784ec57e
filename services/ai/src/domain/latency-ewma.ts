/** Weight of the newest sample: about the last ten calls shape the average. */
export const LATENCY_EWMA_ALPHA = 0.2;

/** The exponentially weighted moving average after one more sample; the first sample is taken as is. */
export function nextLatencyEwma(previousMs: number | undefined, sampleMs: number, alpha = LATENCY_EWMA_ALPHA): number {
  return previousMs === undefined ? sampleMs : previousMs + alpha * (sampleMs - previousMs);
}
