import { randomBytes } from 'node:crypto';
import type { PubSub } from '@erp/kit';
import type { GenerationStore } from './generations.js';

/** Where a purge came from, for metrics. */
export type PurgeSource = 'event' | 'write' | 'broadcast';

/** Purges a tenant's cached reads of some tags, on every gateway instance. */
export interface Purger {
  purge(tenantId: string, tags: readonly string[], source: Exclude<PurgeSource, 'broadcast'>): Promise<void>;
  /** Ends the broadcast subscription. */
  close(): Promise<void>;
}

export interface PurgerOptions {
  generations: GenerationStore;
  /** Carries purges to the other instances when the generations are not shared (no Redis). */
  pubsub?: PubSub | undefined;
  onPurge?: (source: PurgeSource) => void;
  onError?: (error: unknown, message: string) => void;
}

export const PURGE_CHANNEL = 'gateway.response_cache.purge';

interface PurgeMessage {
  origin: string;
  tenantId: string;
  tags: string[];
}

function isPurgeMessage(value: unknown): value is PurgeMessage {
  const message = value as Partial<PurgeMessage> | null;
  return (
    typeof message?.origin === 'string' &&
    typeof message.tenantId === 'string' &&
    Array.isArray(message.tags) &&
    message.tags.every((tag) => typeof tag === 'string')
  );
}

/**
 * With Redis the generations are shared, and a purge is one bump there. Without Redis each instance keeps
 * its own, so a purge bumps this instance's at once (the writer reads its own write) and is broadcast over
 * the pub/sub (PostgreSQL LISTEN/NOTIFY) for the others. The broadcast is at most once: an instance that
 * misses it serves the old entry until its time to live ends, which the short defaults keep brief.
 */
export async function createPurger(options: PurgerOptions): Promise<Purger> {
  const { generations, pubsub } = options;
  const origin = randomBytes(8).toString('hex');
  const broadcast = !generations.shared && pubsub !== undefined;
  const unsubscribe = broadcast
    ? await pubsub.subscribe(PURGE_CHANNEL, async (message) => {
        if (!isPurgeMessage(message) || message.origin === origin) return;
        await generations.bump(message.tenantId, message.tags);
        options.onPurge?.('broadcast');
      })
    : undefined;
  return {
    async purge(tenantId, tags, source) {
      if (tags.length === 0) return;
      await generations.bump(tenantId, tags);
      options.onPurge?.(source);
      if (!broadcast) return;
      await pubsub.publish(PURGE_CHANNEL, { origin, tenantId, tags: [...tags] }).catch((error: unknown) => {
        options.onError?.(error, 'response cache purge not broadcast; other gateway instances serve their entries until they expire');
      });
    },
    close: async () => {
      await unsubscribe?.();
    },
  };
}
