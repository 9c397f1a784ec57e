/** Undo steps collected while resources are opened, run newest first; see {@link createCleanupStack}. */
export interface CleanupStack {
  /** Registers the step that undoes what was just opened. */
  push(step: () => Promise<unknown>): void;
  /** Runs every step, newest first, even when one fails; rethrows the first failure at the end. */
  run(): Promise<void>;
}

/**
 * Creates a {@link CleanupStack}, so that a benchmark that fails halfway through opening its databases,
 * brokers and processes still closes, drops and deletes exactly what it had opened.
 */
export function createCleanupStack(): CleanupStack {
  const steps: (() => Promise<unknown>)[] = [];
  return {
    push(step) {
      steps.push(step);
    },
    async run() {
      const failures: unknown[] = [];
      for (let step = steps.pop(); step; step = steps.pop()) await step().catch((error: unknown) => failures.push(error));
      if (failures.length > 0) throw failures[0];
    },
  };
}
