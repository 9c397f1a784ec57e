/** One service of the system: its name (also its database schema) and its default HTTP port. */
export interface ServiceDefinition {
  readonly name: ServiceName;
  readonly port: number;
  /** The `/api/v1/...` path prefixes the gateway forwards to this service. */
  readonly routes: readonly string[];
}

/** The names of the eight services. */
export type ServiceName = 'gateway' | 'auth' | 'core' | 'ai' | 'reporting' | 'notification' | 'finance' | 'observer';

/**
 * The service catalogue: default ports and the path prefixes each service owns, as in ARCHITECTURE.md.
 * Longer prefixes win when the gateway matches (`/api/v1/finance/llm` goes to ai, not finance).
 */
export const SERVICES: readonly ServiceDefinition[] = [
  { name: 'gateway', port: 8000, routes: [] },
  { name: 'auth', port: 8001, routes: ['/api/v1/auth', '/.well-known'] },
  {
    name: 'core',
    port: 8002,
    routes: [
      '/api/v1/customers',
      '/api/v1/suppliers',
      '/api/v1/products',
      '/api/v1/inventory',
      '/api/v1/orders',
      '/api/v1/purchase-orders',
      '/api/v1/invoices',
      '/api/v1/search',
    ],
  },
  { name: 'ai', port: 8003, routes: ['/api/v1/finance/llm', '/api/v1/ai', '/v1'] },
  { name: 'reporting', port: 8004, routes: ['/api/v1/reports'] },
  { name: 'notification', port: 8005, routes: ['/api/v1/notifications'] },
  { name: 'finance', port: 8006, routes: ['/api/v1/finance'] },
  { name: 'observer', port: 8010, routes: ['/api/v1/observer'] },
];

/** Looks a service up by name; throws for a name that is not in the catalogue. */
export function getService(name: ServiceName): ServiceDefinition {
  const service = SERVICES.find((candidate) => candidate.name === name);
  if (!service) throw new Error(`Unknown service "${name}"`);
  return service;
}
