/** A wake-up call for a polling loop: `wait` sleeps until `wake` is called or the time is up. */
export interface WakeSignal {
  wake(): void;
  wait(timeoutMs: number): Promise<void>;
}

/**
 * Creates a {@link WakeSignal}. A `wake` that arrives while nobody waits is remembered, so the next `wait`
 * returns at once and no notification is lost between two polls.
 *
 * ### Example
 * ```ts
 * const signal = createWakeSignal();
 * listener.on('notification', () => signal.wake());
 * await signal.wait(1_000);
 * ```
 */
export function createWakeSignal(): WakeSignal {
  let woken = false;
  let release: (() => void) | undefined;
  return {
    wake() {
      woken = true;
      release?.();
    },
    wait(timeoutMs) {
      if (woken) {
        woken = false;
        return Promise.resolve();
      }
      return new Promise((resolve) => {
        const done = () => {
          clearTimeout(timer);
          release = undefined;
          woken = false;
          resolve();
        };
        const timer = setTimeout(done, timeoutMs);
        release = done;
      });
    },
  };
}
