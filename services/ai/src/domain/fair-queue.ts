/**
 * Priority classes. `critical` and `normal` share the interactive tier, where `critical` weighs more;
 * `batch` is served only while no interactive request waits.
 */
export type Priority = 'critical' | 'normal' | 'batch';

export const PRIORITIES: readonly Priority[] = ['critical', 'normal', 'batch'];

/** How much more service a class gets than `normal` within the interactive tier. */
export const CLASS_WEIGHTS: Readonly<Record<Priority, number>> = { critical: 4, normal: 1, batch: 1 };

export interface QueueEntry<Value> {
  readonly id: string;
  readonly tenantId: string;
  readonly priority: Priority;
  /** The work the entry stands for, e.g. estimated tokens; at least 1. */
  readonly cost: number;
  /** The tenant's share relative to others; 1 by default. */
  readonly tenantWeight: number;
  readonly value: Value;
}

interface Tagged<Value> {
  readonly entry: QueueEntry<Value>;
  readonly startTag: number;
  readonly finishTag: number;
  readonly sequence: number;
}

interface Tier<Value> {
  virtualTime: number;
  readonly lastFinish: Map<string, number>;
  readonly waiting: Tagged<Value>[];
}

/**
 * Weighted fair queueing across tenants (start-time tags, served by smallest finish tag): each flow (tenant and
 * class) gets service in proportion to tenant weight times class weight, measured in the entries' cost, however
 * many entries it queues. A flow that was idle starts at the current virtual time, so idleness earns no credit
 * for a later burst. Pure data structure: the caller decides when an entry may run.
 */
export class FairQueue<Value> {
  readonly #interactive: Tier<Value> = { virtualTime: 0, lastFinish: new Map(), waiting: [] };
  readonly #batch: Tier<Value> = { virtualTime: 0, lastFinish: new Map(), waiting: [] };
  #sequence = 0;

  get size(): number {
    return this.#interactive.waiting.length + this.#batch.waiting.length;
  }

  enqueue(entry: QueueEntry<Value>): void {
    const tier = entry.priority === 'batch' ? this.#batch : this.#interactive;
    const flow = `${entry.tenantId}:${entry.priority}`;
    const startTag = Math.max(tier.virtualTime, tier.lastFinish.get(flow) ?? 0);
    const finishTag = startTag + Math.max(1, entry.cost) / (Math.max(entry.tenantWeight, 1e-6) * CLASS_WEIGHTS[entry.priority]);
    tier.lastFinish.set(flow, finishTag);
    this.#sequence += 1;
    tier.waiting.push({ entry, startTag, finishTag, sequence: this.#sequence });
  }

  /** The next entry to serve, or `undefined` when none waits. */
  dequeue(): QueueEntry<Value> | undefined {
    const tier = this.#interactive.waiting.length > 0 ? this.#interactive : this.#batch;
    let best = -1;
    tier.waiting.forEach((tagged, index) => {
      const current = tier.waiting[best];
      if (!current || tagged.finishTag < current.finishTag || (tagged.finishTag === current.finishTag && tagged.sequence < current.sequence)) best = index;
    });
    if (best < 0) return undefined;
    const [served] = tier.waiting.splice(best, 1);
    if (!served) return undefined;
    tier.virtualTime = Math.max(tier.virtualTime, served.startTag);
    if (tier.waiting.length === 0) this.#forgetIdleFlows(tier);
    return served.entry;
  }

  /** Takes a waiting entry out (its caller gave up); returns whether it was there. */
  remove(id: string): boolean {
    for (const tier of [this.#interactive, this.#batch]) {
      const index = tier.waiting.findIndex((tagged) => tagged.entry.id === id);
      if (index >= 0) {
        tier.waiting.splice(index, 1);
        return true;
      }
    }
    return false;
  }

  // With nothing waiting, every flow is idle: their finish tags can never exceed the virtual time that matters
  // again, so the map need not grow with every tenant ever seen.
  #forgetIdleFlows(tier: Tier<Value>): void {
    const highest = Math.max(tier.virtualTime, ...tier.lastFinish.values());
    tier.lastFinish.clear();
    tier.virtualTime = highest;
  }
}
