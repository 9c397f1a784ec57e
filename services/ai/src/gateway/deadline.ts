/** A timeout that can be pushed back: the limit on silence between signs of life of a provider call. */
export interface Deadline {
  readonly signal: AbortSignal;
  /** Starts the wait again: the provider just delivered something. */
  touch(): void;
  clear(): void;
  readonly expired: boolean;
}

/**
 * Aborts with a `TimeoutError` after `ms` without {@link Deadline.touch}. A plain call never touches it, so it
 * is the call's timeout; a stream touches it per part, so a long answer is not cut off while it flows.
 */
export function createDeadline(ms: number): Deadline {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const arm = () => {
    clearTimeout(timer);
    timer = setTimeout(() => controller.abort(new DOMException(`No answer within ${ms} ms`, 'TimeoutError')), ms);
    timer.unref();
  };
  arm();
  return {
    signal: controller.signal,
    touch: () => {
      if (!controller.signal.aborted) arm();
    },
    clear: () => clearTimeout(timer),
    get expired() {
      return controller.signal.aborted;
    },
  };
}
