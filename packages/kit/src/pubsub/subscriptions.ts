import type { PubSubHandler } from './pub-sub.js';

/** Reports a failure that has no caller to throw to: a failing handler, a bad payload, a lost connection. */
export type PubSubErrorHandler = (error: Error, channel: string | undefined) => void;

const toError = (error: unknown) => (error instanceof Error ? error : new Error(String(error)));

/**
 * The handlers of each channel, shared by both transports. Each `add` is its own subscription, even for the
 * same function twice, so one unsubscribe never removes another caller's handler.
 */
export function createSubscriptions(onError: PubSubErrorHandler) {
  const byChannel = new Map<string, Set<{ handler: PubSubHandler }>>();
  return {
    /** Adds a handler; returns the token to remove it and whether it is the channel's first. */
    add(channel: string, handler: PubSubHandler): { token: { handler: PubSubHandler }; first: boolean } {
      const token = { handler };
      const existing = byChannel.get(channel);
      if (existing) {
        existing.add(token);
        return { token, first: false };
      }
      byChannel.set(channel, new Set([token]));
      return { token, first: true };
    },
    /** Removes a handler; returns whether the channel has none left (false if it was already gone). */
    remove(channel: string, token: { handler: PubSubHandler }): boolean {
      const handlers = byChannel.get(channel);
      if (!handlers?.delete(token)) return false;
      if (handlers.size > 0) return false;
      byChannel.delete(channel);
      return true;
    },
    has: (channel: string) => byChannel.has(channel),
    channels: () => [...byChannel.keys()],
    clear: () => byChannel.clear(),
    /** Parses one payload and hands it to every handler of the channel; a failing handler does not stop the others. */
    dispatch(channel: string, payload: string): void {
      const handlers = byChannel.get(channel);
      if (!handlers) return;
      let message: unknown;
      try {
        message = JSON.parse(payload);
      } catch {
        onError(new Error(`Ignored a message on channel "${channel}" that is not JSON`), channel);
        return;
      }
      for (const { handler } of handlers) {
        try {
          Promise.resolve(handler(message)).catch((error: unknown) => onError(toError(error), channel));
        } catch (error) {
          onError(toError(error), channel);
        }
      }
    },
  };
}
