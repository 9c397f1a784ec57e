import { RESERVED_PROVIDER_NAMES } from './schemas.js';
import type { ModelSettings } from './to-domain.js';

export const RESERVED_PROVIDER_NAMES_SET: ReadonlySet<string> = new Set(RESERVED_PROVIDER_NAMES);

export type RemoteProviderKind = 'openai' | 'anthropic' | 'mistral' | 'openai-compatible';

/** A configured remote provider, the operator's or a tenant's, with its key in the clear (in memory only). */
export interface ProviderSettings {
  readonly name: string;
  readonly kind: RemoteProviderKind;
  readonly baseUrl: string | undefined;
  readonly apiKey: string | undefined;
  readonly timeoutMs: number;
  readonly maxConcurrency: number;
  readonly models: readonly ModelSettings[];
}
