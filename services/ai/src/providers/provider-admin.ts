import { withTenant } from '@erp/kit';
import type { Kysely } from 'kysely';
import type { Static } from 'typebox';
import { findProviderConfig, type ProviderConfigRow, upsertProviderConfig } from '../db/provider-configs.js';
import type { AiDb } from '../db/schema.js';
import { ProviderInvalidError, ProviderNameTakenError, ProviderUrlRefusedError } from '../errors.js';
import type { KeyCipher } from '../keys/key-encryption.js';
import type { ProviderBody } from '../routes/provider-schemas.js';
import type { GlobalAiSettings } from '../settings/global-config.js';
import { RESERVED_PROVIDER_NAMES_SET } from '../settings/provider-settings.js';
import { providerUrlProblem } from './address-guard.js';

export interface ProviderAdminSettings {
  readonly global: GlobalAiSettings;
  readonly cipher: KeyCipher;
  readonly allowPrivateProviderUrls: boolean;
}

function check(name: string, body: Static<typeof ProviderBody>, hasKey: boolean, settings: ProviderAdminSettings): void {
  if (RESERVED_PROVIDER_NAMES_SET.has(name) || settings.global.providers.some((provider) => provider.name === name)) throw new ProviderNameTakenError(name);
  if (body.kind === 'openai-compatible' && body.base_url === undefined) throw new ProviderInvalidError('An openai-compatible provider needs base_url.');
  if (body.kind !== 'openai-compatible' && !hasKey) throw new ProviderInvalidError(`A ${body.kind} provider needs api_key.`);
  const ids = body.models.map((model) => model.id);
  if (new Set(ids).size !== ids.length) throw new ProviderInvalidError('Each model id may appear once per provider.');
  const problem = body.base_url !== undefined && !settings.allowPrivateProviderUrls ? providerUrlProblem(body.base_url) : undefined;
  if (problem) throw new ProviderUrlRefusedError(problem);
}

/**
 * Creates or replaces a tenant's provider, in one transaction: the stored key is kept when the body omits
 * `api_key`, removed with `null`, and otherwise replaced by the new one, sealed with AES-256-GCM.
 */
export async function putProvider(
  db: Kysely<AiDb>,
  settings: ProviderAdminSettings,
  tenantId: string,
  name: string,
  body: Static<typeof ProviderBody>,
): Promise<{ row: ProviderConfigRow; created: boolean }> {
  return withTenant(db, tenantId, async (trx) => {
    const existing = await findProviderConfig(trx, tenantId, name);
    const sealed = body.api_key === undefined ? (existing?.api_key_sealed ?? null) : body.api_key === null ? null : settings.cipher.encrypt(body.api_key);
    check(name, body, sealed !== null, settings);
    const row = await upsertProviderConfig(
      trx,
      {
        tenant_id: tenantId,
        name,
        kind: body.kind,
        base_url: body.base_url ?? null,
        api_key_sealed: sealed,
        timeout_ms: body.timeout_ms,
        max_concurrency: body.max_concurrency,
        models: body.models,
      },
      new Date(),
    );
    return { row, created: existing === undefined };
  });
}
