import { randomUUID } from 'node:crypto';
import { withTenant } from '@erp/kit';
import { takeSsoHandoff } from '../db/sso-flows.js';
import { toAuthTrx } from '../db/sso-schema.js';
import { findUser } from '../db/users.js';
import { SsoCodeInvalidError } from '../errors.js';
import { issueTokens, parseTenantToken, type SessionSettings, type TokenResponse } from '../session.js';
import type { SsoDeps } from './sso-deps.js';

/**
 * Trades the one-time code of a finished SSO login for access and refresh tokens. The code is spent by
 * the first attempt; an unknown, expired or spent code, or a user disabled meanwhile, answers the same.
 */
export async function exchangeSsoCode(deps: SsoDeps, session: SessionSettings, code: string, now: Date): Promise<TokenResponse> {
  const parsed = parseTenantToken(code);
  if (!parsed) throw new SsoCodeInvalidError();
  const tokens = await withTenant(deps.db, parsed.tenantId, async (trx) => {
    const handoff = await takeSsoHandoff(trx, parsed.tenantId, parsed.hash);
    if (!handoff || handoff.expires_at <= now) return undefined;
    const authTrx = toAuthTrx(trx);
    const user = await findUser(authTrx, handoff.tenant_id, handoff.user_id);
    if (user?.status !== 'active') return undefined;
    return issueTokens(authTrx, session, { tenantId: handoff.tenant_id, userId: handoff.user_id }, { familyId: randomUUID(), rotatedFrom: null }, now);
  });
  if (!tokens) throw new SsoCodeInvalidError();
  return tokens;
}
