import type { RedisClient } from '@erp/kit';

/**
 * Runs a store call only while Redis is connected and for at most `timeoutMs`: a request never queues
 * behind a reconnect or waits out an outage for the cache, whose absence only costs a forward.
 */
export function redisGuard(redis: RedisClient, timeoutMs: number) {
  return async <Value>(call: () => Promise<Value>): Promise<Value> => {
    if (redis.status !== 'ready') throw new Error(`Redis is not connected (connection ${redis.status}).`);
    let timer: NodeJS.Timeout | undefined;
    const expiry = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(new Error(`Redis did not answer within ${timeoutMs} ms.`)), timeoutMs);
    });
    try {
      return await Promise.race([call(), expiry]);
    } finally {
      clearTimeout(timer);
    }
  };
}

/** The guard of the in-process store: nothing to wait for, nothing to limit. */
export function noGuard<Value>(call: () => Promise<Value>): Promise<Value> {
  return call();
}
