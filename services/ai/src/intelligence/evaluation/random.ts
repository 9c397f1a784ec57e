/** A seeded pseudo-random source, so that generated evaluation sets are the same on every machine. */
export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
  /** Integer in [low, high]. */
  integer(low: number, high: number): number;
  pick<Item>(items: readonly Item[]): Item;
  /** Standard normal (Box-Muller). */
  normal(): number;
  chance(probability: number): boolean;
}

/** Mulberry32: tiny, fast and good enough for test data (not for anything secret). */
export function createRandom(seed: number): Random {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = state;
    mixed = Math.imul(mixed ^ (mixed >>> 15), mixed | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4_294_967_296;
  };
  return {
    next,
    integer: (low, high) => low + Math.floor(next() * (high - low + 1)),
    pick: (items) => items[Math.floor(next() * items.length)] as (typeof items)[number],
    normal: () => Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next()),
    chance: (probability) => next() < probability,
  };
}

/** A short deterministic id for generated entries, e.g. "a40-17"; the evaluation never stores them. */
export function generatedId(prefix: number, counter: number): string {
  return `${prefix.toString(16)}-${counter}`;
}
