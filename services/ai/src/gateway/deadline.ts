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
 * is the call's timeout; a stream touches it per part, so a long answer is not cut off while it flows. It also
 * aborts, with the same reason, when `client` does (the client went away): one signal for the call, which is
 * cheaper than combining two with `AbortSignal.any`. `clear` stops both.
 */
export function createDeadline(ms: number, client?: AbortSignal): Deadline {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  let expired = false;
  const arm = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      expired = true;
      controller.abort(new DOMException(`No answer within ${ms} ms`, 'TimeoutError'));
    }, ms);
    timer.unref();
  };
  const followClient = () => {
    clearTimeout(timer);
    controller.abort(client?.reason);
  };
  if (client?.aborted) controller.abort(client.reason);
  else {
    client?.addEventListener('abort', followClient, { once: true });
    arm();
  }
  return {
    signal: controller.signal,
    touch: () => {
      if (!controller.signal.aborted) arm();
    },
    clear: () => {
      clearTimeout(timer);
      client?.removeEventListener('abort', followClient);
    },
    get expired() {
      return expired;
    },
  };
}
