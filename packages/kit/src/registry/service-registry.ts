/** One running instance of a service, as it announces itself to the registry. */
export interface ServiceInstance {
  /** The service name, e.g. `finance`. */
  readonly service: string;
  /** Unique per process, e.g. `finance@host:8006#1234`. */
  readonly instanceId: string;
  /** The base URL other parts of the system call, e.g. `http://10.0.0.5:8006`. */
  readonly url: string;
  /** Free-form facts about the instance (version, pid, host); small and JSON-serialisable. */
  readonly meta: Readonly<Record<string, unknown>>;
}

/** A live entry of the registry: the instance plus when it started and when it last sent a heartbeat. */
export interface RegisteredInstance extends ServiceInstance {
  readonly startedAt: Date;
  readonly heartbeatAt: Date;
}

/** What a process passes to {@link ServiceRegistry.register}; `service` defaults to the registry's own. */
export interface RegistrationInput {
  readonly service?: string;
  readonly instanceId: string;
  readonly url: string;
  readonly meta?: Readonly<Record<string, unknown>>;
}

/** Callbacks of a registration. */
export interface RegisterOptions {
  /** Called when a heartbeat fails; the next one retries, so the entry survives short outages. */
  onHeartbeatError?: (error: Error) => void;
}

/**
 * The instance registry: every service process registers itself and keeps its entry alive with a heartbeat;
 * the gateway and the observer list the live instances. Entries whose heartbeat is older than the TTL are
 * ignored and pruned, so a crashed process disappears on its own. Redis and PostgreSQL implement it.
 *
 * ### Example
 * ```ts
 * const registry = await createServiceRegistry({ service: 'core', adminUrl: config.databaseUrl, redis });
 * await registry.register({ instanceId: 'core@host:8002#42', url: 'http://host:8002' });
 * const finance = await registry.list('finance'); // live finance instances
 * await registry.deregister();
 * await registry.close();
 * ```
 */
export interface ServiceRegistry {
  /** Which store holds the entries. */
  readonly kind: 'redis' | 'postgres';
  /** The service this client acts for: its database role, and the default service of `register`. */
  readonly service: string;
  /** The instance this client registered, until `deregister`. */
  readonly registered: ServiceInstance | undefined;
  /** Writes the entry and starts the heartbeat. Throws if the first write fails or an instance is already registered. */
  register(input: RegistrationInput, options?: RegisterOptions): Promise<RegisteredInstance>;
  /** Stops the heartbeat and removes the entry; does nothing when nothing is registered. */
  deregister(): Promise<void>;
  /** The live instances of `service`, or of every service, ordered by service and instance id. */
  list(service?: string): Promise<RegisteredInstance[]>;
  /** Stops the heartbeat and releases connections the registry owns; call `deregister` first to leave cleanly. */
  close(): Promise<void>;
}

/** How often an instance sends a heartbeat, and how old a heartbeat may be before the instance counts as dead. */
export interface RegistryTiming {
  /** Default 5000 ms. */
  heartbeatIntervalMs?: number;
  /** Default 15000 ms (three missed heartbeats); must exceed the interval. */
  ttlMs?: number;
}

/** The timing with defaults applied and checked. */
export function toRegistryTiming(timing: RegistryTiming): Required<RegistryTiming> {
  const heartbeatIntervalMs = timing.heartbeatIntervalMs ?? 5000;
  const ttlMs = timing.ttlMs ?? heartbeatIntervalMs * 3;
  if (!Number.isInteger(heartbeatIntervalMs) || heartbeatIntervalMs < 10) throw new RangeError('heartbeatIntervalMs must be an integer of at least 10');
  if (!Number.isInteger(ttlMs) || ttlMs <= heartbeatIntervalMs) throw new RangeError('ttlMs must be an integer greater than heartbeatIntervalMs');
  return { heartbeatIntervalMs, ttlMs };
}
