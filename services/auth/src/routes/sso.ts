import type { ServiceApp } from '@erp/kit';
import Type from 'typebox';
import type { SsoDeps } from '../sso/sso-deps.js';
import { exchangeSsoCode } from '../sso/sso-exchange.js';
import { finishSsoLogin, startSsoLogin } from '../sso/sso-login.js';
import type { RouteContext } from './context.js';
import { TokenResponse } from './schemas.js';
import { ssoSettingsRoutes } from './sso-settings.js';

const TenantParams = Type.Object({ tenant: Type.String({ format: 'uuid', maxLength: 36 }) }, { additionalProperties: false });
// The provider adds parameters of its own (iss, session_state); only the size of each is bounded here.
const CallbackQuery = Type.Record(Type.String({ maxLength: 100 }), Type.String({ maxLength: 4096 }), { maxProperties: 20 });
const ExchangeBody = Type.Object({ code: Type.String({ minLength: 1, maxLength: 200 }) }, { additionalProperties: false });

const STATE_COOKIE = 'erp_sso_state';
const COOKIE_PATH = '/api/v1/auth/sso/';

function stateCookie(value: string, maxAgeS: number, secure: boolean): string {
  return `${STATE_COOKIE}=${value}; Path=${COOKIE_PATH}; Max-Age=${maxAgeS}; HttpOnly; SameSite=Lax${secure ? '; Secure' : ''}`;
}

function readStateCookie(header: string | undefined): string | undefined {
  const pair = header
    ?.split(';')
    .map((part) => part.trim())
    .find((part) => part.startsWith(`${STATE_COOKIE}=`));
  return pair?.slice(STATE_COOKIE.length + 1);
}

/**
 * The SSO login: `/sso/:tenant/start` redirects to the tenant's provider, `/sso/:tenant/callback` finishes
 * there and redirects to the UI with a one-time code, `POST /sso/exchange` trades that code for tokens.
 * Also registers the settings routes.
 */
export async function ssoRoutes(app: ServiceApp, options: { context: RouteContext; sso: SsoDeps }): Promise<void> {
  const { context, sso } = options;
  await app.register(ssoSettingsRoutes, { context, sso });

  app.get('/sso/:tenant/start', { schema: { params: TenantParams } }, async (request, reply) => {
    const { url, state, secure } = await startSsoLogin(sso, request.params.tenant.toLowerCase(), new Date());
    // The browser keeps the state in a cookie, so only the browser that started the login can finish it.
    return reply
      .header('set-cookie', stateCookie(state, 600, secure))
      .header('cache-control', 'no-store')
      .redirect(url.href, 302);
  });

  app.get('/sso/:tenant/callback', { schema: { params: TenantParams, querystring: CallbackQuery } }, async (request, reply) => {
    const input = { query: request.query, browserState: readStateCookie(request.headers.cookie), ip: request.clientIp };
    reply.header('set-cookie', stateCookie('', 0, false)).header('cache-control', 'no-store');
    const target = await finishSsoLogin(sso, request.params.tenant.toLowerCase(), input, new Date());
    return reply.redirect(target.href, 302);
  });

  app.post('/sso/exchange', { schema: { body: ExchangeBody, response: { 200: TokenResponse } } }, async (request, reply) => {
    const tokens = await exchangeSsoCode(sso, context.session, request.body.code, new Date());
    return reply.header('cache-control', 'no-store').send(tokens);
  });
}
