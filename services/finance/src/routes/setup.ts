import { type ServiceApp, withIdempotency, withTenant } from '@erp/kit';
import Type from 'typebox';
import { getSettings, type SettingsRow } from '../db/settings.js';
import { setUpLedger } from '../ledger/setup.js';
import { actorOf, type RouteOptions, tenantOf } from './context.js';
import { ChartSchema, STRICT } from './schemas.js';

const Chart = ChartSchema;
const SetupBody = Type.Object({ chart: Chart }, STRICT);
const Settings = Type.Object({ chart: Chart, base_currency: Type.String(), created_at: Type.String(), created_by: Type.String() });
const SetupResult = Type.Object({ ...Settings.properties, accounts_created: Type.Integer(), tax_codes_created: Type.Integer() });

function settingsToResponse(settings: SettingsRow) {
  return { chart: settings.chart, base_currency: settings.base_currency, created_at: settings.created_at.toISOString(), created_by: settings.created_by };
}

/**
 * `POST /setup` chooses the tenant's chart once (finance.accounts:manage, honouring `Idempotency-Key`); `GET /setup`
 * shows it (finance.accounts:read).
 */
export async function setupRoutes(app: ServiceApp, { context }: RouteOptions): Promise<void> {
  app.post(
    '/setup',
    { config: { permission: 'finance.accounts:manage' }, schema: { body: SetupBody, response: { 201: SetupResult } } },
    async (request, reply) => {
      const actor = actorOf(request);
      return withIdempotency(context.db, request, reply, { tenantId: actor.tenantId, now: context.clock() }, async (trx) => {
        const result = await setUpLedger(trx, actor, request.body.chart);
        return { status: 201, body: { ...settingsToResponse(result.settings), accounts_created: result.accounts, tax_codes_created: result.taxCodes } };
      });
    },
  );

  app.get('/setup', { config: { permission: 'finance.accounts:read' }, schema: { response: { 200: Settings } } }, async (request) => {
    const tenantId = tenantOf(request);
    return settingsToResponse(await withTenant(context.db, tenantId, (trx) => getSettings(trx, tenantId)));
  });
}
