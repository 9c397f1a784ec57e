import type { Transaction } from 'kysely';
import type { SsoDb } from './sso-schema.js';

export interface SsoFlowRow {
  tenant_id: string;
  id: string;
  state_hash: string;
  nonce: string;
  code_verifier: string;
  expires_at: Date;
}

export interface SsoHandoffRow {
  tenant_id: string;
  id: string;
  code_hash: string;
  user_id: string;
  expires_at: Date;
}

/** Stores a started login and drops the tenant's expired ones, so abandoned logins do not pile up. */
export async function insertSsoFlow(trx: Transaction<SsoDb>, row: SsoFlowRow, now: Date): Promise<void> {
  await trx.deleteFrom('sso_flow').where('tenant_id', '=', row.tenant_id).where('expires_at', '<', now).execute();
  await trx.insertInto('sso_flow').values(row).execute();
}

/** Removes and returns the login of `stateHash`: a state works once, whatever happens next. */
export async function takeSsoFlow(trx: Transaction<SsoDb>, tenantId: string, stateHash: string): Promise<SsoFlowRow | undefined> {
  return trx
    .deleteFrom('sso_flow')
    .where('tenant_id', '=', tenantId)
    .where('state_hash', '=', stateHash)
    .returning(['tenant_id', 'id', 'state_hash', 'nonce', 'code_verifier', 'expires_at'])
    .executeTakeFirst();
}

/** Stores a one-time code for the UI and drops the tenant's expired ones. */
export async function insertSsoHandoff(trx: Transaction<SsoDb>, row: SsoHandoffRow, now: Date): Promise<void> {
  await trx.deleteFrom('sso_handoff').where('tenant_id', '=', row.tenant_id).where('expires_at', '<', now).execute();
  await trx.insertInto('sso_handoff').values(row).execute();
}

/** Removes and returns the handoff of `codeHash`, so a code is exchanged at most once. */
export async function takeSsoHandoff(trx: Transaction<SsoDb>, tenantId: string, codeHash: string): Promise<SsoHandoffRow | undefined> {
  return trx
    .deleteFrom('sso_handoff')
    .where('tenant_id', '=', tenantId)
    .where('code_hash', '=', codeHash)
    .returning(['tenant_id', 'id', 'code_hash', 'user_id', 'expires_at'])
    .executeTakeFirst();
}
