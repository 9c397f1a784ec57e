/** The median of the values; NaN for none. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/** The median absolute deviation from the median (unscaled). */
export function medianAbsoluteDeviation(values: readonly number[]): number {
  const centre = median(values);
  return median(values.map((value) => Math.abs(value - centre)));
}

/** The mean absolute deviation from the median. */
export function meanAbsoluteDeviation(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const centre = median(values);
  return values.reduce((sum, value) => sum + Math.abs(value - centre), 0) / values.length;
}

// Iglewicz and Hoaglin's modified z-score: 0.6745 makes the MAD of normal data comparable to its standard
// deviation. When more than half the values are equal the MAD is 0; the mean absolute deviation, scaled by
// 1.253314 (sqrt(pi/2)), then takes its place, as IBM SPSS and others do.
const MAD_TO_SIGMA = 0.6745;
const MEAN_AD_TO_SIGMA = 1.253314;

/** Centre and spreads of a reference sample, computed once for many robust z-scores. */
export interface RobustScale {
  readonly centre: number;
  readonly mad: number;
  readonly meanAd: number;
}

export function robustScale(reference: readonly number[]): RobustScale {
  return { centre: median(reference), mad: medianAbsoluteDeviation(reference), meanAd: meanAbsoluteDeviation(reference) };
}

/** The robust z-score of `value` on a scale; infinite when the reference has no spread at all and `value` differs. */
export function robustZFrom(value: number, scale: RobustScale): number {
  if (scale.mad > 0) return (MAD_TO_SIGMA * (value - scale.centre)) / scale.mad;
  if (scale.meanAd > 0) return (value - scale.centre) / (MEAN_AD_TO_SIGMA * scale.meanAd);
  return value === scale.centre ? 0 : Math.sign(value - scale.centre) * Number.POSITIVE_INFINITY;
}

/** The robust z-score of `value` against `reference`; 0 when the reference has no spread at all and `value` is its median. */
export function robustZ(value: number, reference: readonly number[]): number {
  return robustZFrom(value, robustScale(reference));
}

export function mean(values: readonly number[]): number {
  return values.length === 0 ? Number.NaN : values.reduce((sum, value) => sum + value, 0) / values.length;
}
