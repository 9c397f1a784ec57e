/** Mean absolute percentage error in percent, over the actual values that are not zero; NaN when all are. */
export function mape(actual: readonly number[], forecast: readonly number[]): number {
  let sum = 0;
  let count = 0;
  actual.forEach((value, index) => {
    if (value === 0) return;
    sum += Math.abs((value - (forecast[index] ?? 0)) / value);
    count += 1;
  });
  return count === 0 ? Number.NaN : (100 * sum) / count;
}

/** Mean absolute error of the seasonal naive method in sample: the scale of MASE. */
export function seasonalNaiveScale(training: readonly number[], period: number): number {
  let sum = 0;
  let count = 0;
  for (let index = period; index < training.length; index += 1) {
    sum += Math.abs((training[index] ?? 0) - (training[index - period] ?? 0));
    count += 1;
  }
  return count === 0 ? Number.NaN : sum / count;
}

/** Hyndman and Koehler's mean absolute scaled error: below 1 beats the in-sample seasonal naive method. */
export function mase(actual: readonly number[], forecast: readonly number[], training: readonly number[], period: number): number {
  const scale = seasonalNaiveScale(training, period);
  if (!(scale > 0)) return Number.NaN;
  const error = actual.reduce((sum, value, index) => sum + Math.abs(value - (forecast[index] ?? 0)), 0) / actual.length;
  return error / scale;
}

/** Seasonal naive forecast: each future period repeats the same period of the last season. */
export function seasonalNaive(training: readonly number[], period: number, horizon: number): number[] {
  return Array.from({ length: horizon }, (_, step) => training[training.length - period + (step % period)] ?? training[training.length - 1] ?? 0);
}
