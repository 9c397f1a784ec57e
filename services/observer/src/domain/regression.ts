/** A straight line fitted through points: `y = intercept + slope × x`, with the share of variance it explains. */
export interface LinearFit {
  readonly slope: number;
  readonly intercept: number;
  /** Coefficient of determination, 0..1; 0 for a flat series, where no trend explains anything. */
  readonly r2: number;
}

/** Ordinary least squares through `points`; `null` for fewer than two distinct x values. */
export function leastSquares(points: readonly { x: number; y: number }[]): LinearFit | null {
  const n = points.length;
  if (n < 2) return null;
  const meanX = points.reduce((sum, point) => sum + point.x, 0) / n;
  const meanY = points.reduce((sum, point) => sum + point.y, 0) / n;
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  for (const { x, y } of points) {
    sxx += (x - meanX) ** 2;
    sxy += (x - meanX) * (y - meanY);
    syy += (y - meanY) ** 2;
  }
  if (sxx === 0) return null;
  const slope = sxy / sxx;
  // Explained over total variance; a series without variance has no trend to explain.
  const r2 = syy === 0 ? 0 : Math.min(1, (slope * sxy) / syy);
  return { slope, intercept: meanY - slope * meanX, r2 };
}
