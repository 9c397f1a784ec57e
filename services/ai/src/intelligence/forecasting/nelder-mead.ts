export interface MinimiseOptions {
  readonly iterations: number;
  /** Initial step of each coordinate. */
  readonly step: number;
  /** Stops when the simplex's values differ by less than this. */
  readonly tolerance: number;
}

const REFLECTION = 1;
const EXPANSION = 2;
const CONTRACTION = 0.5;
const SHRINK = 0.5;

/** Nelder and Mead's downhill simplex: minimises `objective` from `start` without derivatives. */
export function minimise(
  objective: (point: readonly number[]) => number,
  start: readonly number[],
  options: MinimiseOptions,
): { point: number[]; value: number } {
  const dimensions = start.length;
  let simplex = [start, ...start.map((_, axis) => start.map((value, index) => (index === axis ? value + options.step : value)))].map((point) => ({
    point: [...point],
    value: objective(point),
  }));
  for (let iteration = 0; iteration < options.iterations; iteration += 1) {
    simplex.sort((a, b) => a.value - b.value);
    const best = simplex[0] as { point: number[]; value: number };
    const worst = simplex[dimensions] as { point: number[]; value: number };
    if (Math.abs(worst.value - best.value) < options.tolerance) break;
    const centroid = Array.from(
      { length: dimensions },
      (_, axis) => simplex.slice(0, dimensions).reduce((sum, vertex) => sum + (vertex.point[axis] ?? 0), 0) / dimensions,
    );
    const along = (factor: number) => centroid.map((value, axis) => value + factor * (value - (worst.point[axis] ?? 0)));
    const reflected = along(REFLECTION);
    const reflectedValue = objective(reflected);
    const secondWorst = simplex[dimensions - 1] as { value: number };
    if (reflectedValue < best.value) {
      const expanded = along(EXPANSION);
      const expandedValue = objective(expanded);
      simplex[dimensions] = expandedValue < reflectedValue ? { point: expanded, value: expandedValue } : { point: reflected, value: reflectedValue };
    } else if (reflectedValue < secondWorst.value) {
      simplex[dimensions] = { point: reflected, value: reflectedValue };
    } else {
      const contracted = along(-CONTRACTION);
      const contractedValue = objective(contracted);
      if (contractedValue < worst.value) simplex[dimensions] = { point: contracted, value: contractedValue };
      else
        simplex = simplex.map((vertex, index) => {
          if (index === 0) return vertex;
          const point = vertex.point.map((value, axis) => (best.point[axis] ?? 0) + SHRINK * (value - (best.point[axis] ?? 0)));
          return { point, value: objective(point) };
        });
    }
  }
  simplex.sort((a, b) => a.value - b.value);
  return simplex[0] as { point: number[]; value: number };
}
