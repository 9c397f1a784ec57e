import { ObserverConfig } from '@erp/contracts';
import type { ServiceApp } from '@erp/kit';
import Type from 'typebox';
import type { RouteOptions } from './context.js';

const ConfigView = Type.Object({
  path: Type.String(),
  loaded_at: Type.String({ format: 'date-time' }),
  config: ObserverConfig,
  last_rejected: Type.Union([
    Type.Object({
      at: Type.String({ format: 'date-time' }),
      message: Type.String(),
      errors: Type.Array(Type.Object({ path: Type.String(), message: Type.String() })),
    }),
    Type.Null(),
  ]),
});

/** `GET /config` (observer.monitoring:read): the configuration in force, and the last change that was refused. */
export async function observerConfigRoutes(app: ServiceApp, { context }: RouteOptions): Promise<void> {
  app.get('/config', { config: { permission: 'observer.monitoring:read' }, schema: { tags: ['observer'], response: { 200: ConfigView } } }, async () => {
    const rejection = context.source.lastRejection();
    return {
      path: context.source.path,
      loaded_at: context.source.loadedAt().toISOString(),
      config: context.source.current(),
      last_rejected: rejection && { at: rejection.at.toISOString(), message: rejection.message, errors: [...rejection.errors] },
    };
  });
}
