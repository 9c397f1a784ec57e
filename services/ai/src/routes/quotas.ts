import { getPrincipal, type ServiceApp, withTenant } from '@erp/kit';
import { Decimal } from 'decimal.js';
import Type from 'typebox';
import { findTenantQuota, type TenantQuotaRow, upsertTenantQuota } from '../db/tenant-quotas.js';
import { formatEur, nanoEurToEur } from '../domain/cost.js';
import type { QuotaLimits } from '../domain/quota.js';
import { QuotaSchema } from '../settings/schemas.js';
import type { RouteContext, RouteOptions } from './context.js';

const LimitsView = Type.Object({
  requests_per_minute: Type.Union([Type.Integer(), Type.Null()]),
  tokens_per_minute: Type.Union([Type.Integer(), Type.Null()]),
  monthly_budget_eur: Type.Union([Type.String(), Type.Null()]),
});
const QuotaView = Type.Object({
  own: LimitsView,
  effective: LimitsView,
  current: Type.Object({
    requests_this_minute: Type.Integer(),
    tokens_this_minute: Type.Integer(),
    spent_eur_this_month: Type.String(),
    reserved_eur_this_month: Type.String(),
  }),
});

function ownLimits(row: TenantQuotaRow | undefined) {
  return {
    requests_per_minute: row?.requests_per_minute ?? null,
    tokens_per_minute: row?.tokens_per_minute ?? null,
    monthly_budget_eur: row?.monthly_budget_eur == null ? null : formatEur(row.monthly_budget_eur),
  };
}

function limitsView(limits: QuotaLimits) {
  return {
    requests_per_minute: limits.requestsPerMinute ?? null,
    tokens_per_minute: limits.tokensPerMinute ?? null,
    monthly_budget_eur: limits.monthlyBudgetNanoEur === undefined ? null : nanoEurToEur(limits.monthlyBudgetNanoEur),
  };
}

async function quotaView(context: RouteContext, tenantId: string, row: TenantQuotaRow | undefined) {
  const settings = await context.gateway.settings.get(tenantId);
  const usage = await context.gateway.quota.usage(tenantId, Date.now());
  return {
    own: ownLimits(row),
    effective: limitsView(settings.quotaLimits),
    current: {
      requests_this_minute: usage.requests,
      tokens_this_minute: usage.tokens,
      spent_eur_this_month: nanoEurToEur(usage.spentNanoEur),
      reserved_eur_this_month: nanoEurToEur(usage.reservedNanoEur),
    },
  };
}

/**
 * `/quotas`: the tenant's own limits (requests and tokens per minute, a monthly budget in EUR) and the limits in
 * force, which are the stricter of the tenant's and the installation's; a tenant can lower its limits, not
 * raise them past the operator's.
 */
export async function quotaRoutes(app: ServiceApp, { context }: RouteOptions): Promise<void> {
  const config = { permission: 'ai.admin:manage' as const };

  app.get('/quotas', { config, schema: { response: { 200: QuotaView } } }, async (request) => {
    const { tenantId } = getPrincipal(request);
    const row = await withTenant(context.db, tenantId, (trx) => findTenantQuota(trx, tenantId));
    return quotaView(context, tenantId, row);
  });

  app.put('/quotas', { config, schema: { body: QuotaSchema, response: { 200: QuotaView } } }, async (request) => {
    const { tenantId } = getPrincipal(request);
    const body = request.body;
    const input = {
      tenant_id: tenantId,
      requests_per_minute: body.requests_per_minute ?? null,
      tokens_per_minute: body.tokens_per_minute ?? null,
      monthly_budget_eur: body.monthly_budget_eur == null ? null : new Decimal(body.monthly_budget_eur).toFixed(),
    };
    const row = await withTenant(context.db, tenantId, (trx) => upsertTenantQuota(trx, input, new Date()));
    context.gateway.settings.invalidate(tenantId);
    return quotaView(context, tenantId, row);
  });
}
