import type { ChatStreamPartV1 } from '../../src/providers/spec/chat-model-v1.js';
import { isProviderError, type ProviderError } from '../../src/providers/spec/errors.js';

/** Reads a stream to its end; returns the parts and the error it ended with, if any. */
export async function collect(parts: AsyncIterable<ChatStreamPartV1>): Promise<{ parts: ChatStreamPartV1[]; text: string; error: unknown }> {
  const seen: ChatStreamPartV1[] = [];
  try {
    for await (const part of parts) seen.push(part);
    return { parts: seen, text: textOf(seen), error: undefined };
  } catch (error) {
    return { parts: seen, text: textOf(seen), error };
  }
}

function textOf(parts: readonly ChatStreamPartV1[]): string {
  return parts.map((part) => (part.type === 'text-delta' ? part.delta : '')).join('');
}

/** The provider error a promise rejects with; fails the test if it resolves or rejects with something else. */
export async function providerErrorOf(promise: Promise<unknown>): Promise<ProviderError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!isProviderError(error)) throw new Error(`expected a provider error, got ${String(error)}`);
  return error;
}

export const USER = [{ role: 'user' as const, content: 'Say hello.' }];
