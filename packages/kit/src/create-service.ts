import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController, type RawServerDefault } from 'fastify';
import { type AuthenticationOptions, installAuthentication, refuseUnverifiedRoutes } from './auth/install-authentication.js';
import type { ServiceConfig } from './config/service-env.js';
import type { ServiceDb } from './db/create-db.js';
import { installOpenApi } from './docs/openapi.js';
import { BadRequestError } from './errors/kit-errors.js';
import { installProblemHandler, type ProblemReply, sendProblem } from './errors/problem-handler.js';
import { createDbProbe } from './health/db-probe.js';
import { type HealthCheckDefinition, installHealth, instanceId } from './health/health-route.js';
import { buildStrictBodyValidator } from './http/body-validation.js';
import { installRequestContext, requestIdFrom } from './http/request-context.js';
import { createLogger, type ServiceLogger } from './logging/create-logger.js';
import { installMetrics } from './metrics/metrics-plugin.js';

/** A Fastify instance with the TypeBox type provider, as every service uses it. */
export type ServiceApp = FastifyInstance<RawServerDefault, IncomingMessage, ServerResponse, FastifyBaseLogger, TypeBoxTypeProvider>;

export interface CreateServiceOptions {
  /** Service name: appears in logs, health, metrics and the registry. */
  name: string;
  version: string;
  config: Pick<ServiceConfig, 'port' | 'logLevel' | 'bodyLimitBytes'>;
  /** The service's database; without one, `/health` reports the database as failing. */
  db?: Pick<ServiceDb, 'pool' | 'close'> | undefined;
  /** Extra dependency checks for `/health` (redis, broker, ...). */
  checks?: Record<string, HealthCheckDefinition>;
  /** The process's logger (from `createLogger` / `connectPlatform`); one is made when absent. */
  logger?: ServiceLogger | undefined;
  /** Verifies access tokens on routes that declare `permission` or `authenticated`; without it, every route is public. */
  auth?: AuthenticationOptions | undefined;
}

/**
 * Builds a service's Fastify app with everything the kit gives for free: request ids and trace context,
 * problem+json errors, `/health`, `/alive`, `/metrics`, `/docs`. Register routes on the result, then call
 * `startService`. Closing the app closes the database pool.
 *
 * ### Example
 * ```ts
 * const app = await createService({ name: 'finance', version: '0.1.0', config, db });
 * await app.register(journalEntryRoutes, { prefix: '/api/v1/finance', deps });
 * await startService(app, config);
 * ```
 */
export async function createService(options: CreateServiceOptions): Promise<ServiceApp> {
  const instance = instanceId(options.name, options.config.port);
  const app = Fastify({
    loggerInstance: (options.logger ?? createLogger({ service: options.name, level: options.config.logLevel, port: options.config.port })) as FastifyBaseLogger,
    bodyLimit: options.config.bodyLimitBytes,
    genReqId: requestIdFrom,
    // One access line per request at debug level instead of Fastify's two at info: request logging at
    // info would dominate the cost of a fast route.
    logController: new LogController({ requestIdLogLabel: 'request_id', disableRequestLogging: true }),
    return503OnClosing: true,
    // Errors raised before routing (a malformed URL, a bad request id) get the same problem documents.
    frameworkErrors: (error, _request, reply) => {
      sendProblem(reply as unknown as ProblemReply, new BadRequestError(`The request could not be routed: ${error.message}`));
    },
    // Report every invalid field at once, so a client can fix a form in one round trip.
    ajv: { customOptions: { allErrors: true } },
    // Fastify types this factory as an overload of Ajv and JTD compilers; ours is the Ajv one.
    schemaController: { compilersFactory: { buildValidator: buildStrictBodyValidator as never } },
    routerOptions: { maxParamLength: 200 },
  }).withTypeProvider<TypeBoxTypeProvider>();

  installRequestContext(app);
  installProblemHandler(app, { bodyLimitBytes: options.config.bodyLimitBytes });
  await installOpenApi(app, { title: `ERP ${options.name} service`, version: options.version });
  installMetrics(app, { service: options.name });
  installHealth(app, {
    service: options.name,
    version: options.version,
    instance,
    probeDb: options.db ? createDbProbe(options.db.pool) : undefined,
    checks: options.checks ?? {},
  });
  if (options.auth) installAuthentication(app, options.auth);
  refuseUnverifiedRoutes(app);
  const db = options.db;
  if (db) app.addHook('onClose', async () => db.close());
  return app;
}
