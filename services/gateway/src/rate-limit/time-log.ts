/**
 * The admission times one counter still remembers, oldest first, as a queue: pruning advances a head index
 * instead of copying, and the array is compacted only once the dead prefix outgrows the live part. A request
 * then costs amortised O(1) however large the limit, where copying the log (as `admitOne` does, the model
 * this mirrors) costs O(limit) per request.
 */
export class TimeLog {
  #times: number[] = [];
  #head = 0;

  /** Forgets the entries that no longer count at `nowMs` (those at or before `nowMs - windowMs`). */
  prune(nowMs: number, windowMs: number): void {
    const cutoff = nowMs - windowMs;
    while (this.#head < this.#times.length && (this.#times[this.#head] ?? 0) <= cutoff) this.#head += 1;
    if (this.#head > 64 && this.#head * 2 > this.#times.length) {
      this.#times = this.#times.slice(this.#head);
      this.#head = 0;
    }
  }

  get count(): number {
    return this.#times.length - this.#head;
  }

  /** The `index`th live entry, oldest first. */
  at(index: number): number | undefined {
    return index < this.count ? this.#times[this.#head + index] : undefined;
  }

  newest(): number | undefined {
    return this.count > 0 ? this.#times[this.#times.length - 1] : undefined;
  }

  push(timeMs: number): void {
    this.#times.push(timeMs);
  }
}
