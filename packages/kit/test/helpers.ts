import { createService, type ServiceApp, type ServiceDb } from '@erp/kit';

export const testConfig = { port: 0, logLevel: 'silent', bodyLimitBytes: 1024 * 64 };

/** A kit app with no routes of its own; tests add what they need. */
export async function buildKitApp(options: { db?: ServiceDb; name?: string } = {}): Promise<ServiceApp> {
  return createService({ name: options.name ?? 'kit-test', version: '0.0.1', config: testConfig, db: options.db });
}
