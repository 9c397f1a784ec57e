import type { RegisteredInstance, RegisterOptions, RegistrationInput, ServiceInstance, ServiceRegistry } from './service-registry.js';

/** The storage side of a registry: what Redis and PostgreSQL each implement. */
export interface RegistryStore {
  readonly kind: ServiceRegistry['kind'];
  /** Inserts or refreshes the entry; `startedAt` is kept from the first write. */
  write(instance: ServiceInstance, startedAt: Date): Promise<void>;
  remove(service: string, instanceId: string): Promise<void>;
  list(service: string | undefined): Promise<RegisteredInstance[]>;
  close(): Promise<void>;
}

// The same rule as a service's schema name, so that every registered service can also have a database role.
const SERVICE_NAME = /^[a-z][a-z0-9_]{0,40}$/;
const INSTANCE_ID = /^[\x21-\x7e]{1,200}$/;

/** Checks a service name before it reaches a key or a query, so a typo fails loudly instead of never matching. */
export function assertServiceName(service: string): void {
  if (!SERVICE_NAME.test(service))
    throw new TypeError(`Service name "${service}" must be a lower case letter followed by up to 40 lower case letters, digits or "_"`);
}

function toInstance(defaultService: string, input: RegistrationInput): ServiceInstance {
  const service = input.service ?? defaultService;
  assertServiceName(service);
  if (!INSTANCE_ID.test(input.instanceId)) throw new TypeError('instanceId must be 1 to 200 visible ASCII characters');
  const url = new URL(input.url);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new TypeError(`Instance URL "${input.url}" must use http or https`);
  return { service, instanceId: input.instanceId, url: input.url.replace(/\/+$/, ''), meta: { ...input.meta } };
}

/**
 * Runs a heartbeat with `setTimeout` chaining, so a slow write never overlaps the next one. `stop` waits for
 * a write in flight: otherwise it could land after `deregister` removed the entry and resurrect it.
 */
function startHeartbeat(beat: () => Promise<void>, intervalMs: number, onError: (error: Error) => void): { stop(): Promise<void> } {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let inFlight: Promise<void> | undefined;
  const schedule = () => {
    timer = setTimeout(() => {
      inFlight = beat()
        .catch((error: unknown) => onError(error instanceof Error ? error : new Error(String(error))))
        .finally(() => {
          inFlight = undefined;
          if (!stopped) schedule();
        });
    }, intervalMs);
    timer.unref();
  };
  schedule();
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await inFlight;
    },
  };
}

/** Builds a {@link ServiceRegistry} over a store: validation, the heartbeat loop and the registration state. */
export function createRegistryClient(store: RegistryStore, options: { service: string; heartbeatIntervalMs: number }): ServiceRegistry {
  assertServiceName(options.service);
  let current: { instance: ServiceInstance; startedAt: Date; heartbeat: { stop(): Promise<void> } } | undefined;
  let closed = false;
  let registering = false;

  return {
    kind: store.kind,
    service: options.service,
    get registered() {
      return current?.instance;
    },
    async register(input: RegistrationInput, registerOptions: RegisterOptions = {}) {
      if (closed) throw new Error('This registry client is closed');
      if (current) throw new Error(`This registry client already registered ${current.instance.instanceId}; deregister it first`);
      if (registering) throw new Error('This registry client is registering an instance already');
      const instance = toInstance(options.service, input);
      const startedAt = new Date();
      registering = true;
      try {
        await store.write(instance, startedAt);
      } finally {
        registering = false;
      }
      const onError = registerOptions.onHeartbeatError ?? (() => {});
      const heartbeat = startHeartbeat(() => store.write(instance, startedAt), options.heartbeatIntervalMs, onError);
      current = { instance, startedAt, heartbeat };
      return { ...instance, startedAt, heartbeatAt: startedAt };
    },
    async deregister() {
      if (!current) return;
      const { instance, heartbeat } = current;
      current = undefined;
      await heartbeat.stop();
      await store.remove(instance.service, instance.instanceId);
    },
    async list(service?: string) {
      if (service !== undefined) assertServiceName(service);
      return store.list(service);
    },
    async close() {
      if (closed) return;
      closed = true;
      const heartbeat = current?.heartbeat;
      current = undefined;
      await heartbeat?.stop();
      await store.close();
    },
  };
}
