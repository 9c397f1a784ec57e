import pg from 'pg';
import { assertChannel, encodeMessage, type PubSub } from './pub-sub.js';
import { createSubscriptions, type PubSubErrorHandler } from './subscriptions.js';

/** Options of {@link createPostgresPubSub}. */
export interface PostgresPubSubOptions {
  /** Connection URL; pass the service's runtime role (`runtimeUrl(...)`): LISTEN and NOTIFY need no rights. */
  databaseUrl: string;
  onError?: PubSubErrorHandler;
  /** Longest wait between reconnect attempts of the listening connection, default 5000 ms. */
  reconnectDelayMsMax?: number;
}

/**
 * A {@link PubSub} over PostgreSQL LISTEN/NOTIFY: `pg_notify` through a small pool, LISTEN on one dedicated
 * connection that is opened with the first subscription. When that connection is lost it reconnects with
 * backoff and listens to every subscribed channel again.
 *
 * ### Example
 * ```ts
 * const pubsub = createPostgresPubSub({ databaseUrl: runtimeUrl(config.databaseUrl, db.roles) });
 * await pubsub.subscribe('cache.product', (message) => invalidate(message));
 * ```
 */
export function createPostgresPubSub(options: PostgresPubSubOptions): PubSub {
  const onError = options.onError ?? (() => {});
  const subscriptions = createSubscriptions(onError);
  const publisher = new pg.Pool({ connectionString: options.databaseUrl, max: 2, application_name: 'erp-pubsub-notify', idleTimeoutMillis: 30_000 });
  publisher.on('error', () => {});
  const listener = createListener(options, subscriptions, onError);

  return {
    kind: 'postgres',
    async publish(channel, message) {
      await publisher.query('select pg_notify($1, $2)', [channel, encodeMessage(channel, message)]);
    },
    async subscribe(channel, handler) {
      assertChannel(channel);
      const { token, first } = subscriptions.add(channel, handler);
      if (first) {
        try {
          await listener.sync(channel);
        } catch (error) {
          subscriptions.remove(channel, token);
          throw error;
        }
      }
      return async () => {
        if (subscriptions.remove(channel, token)) await listener.sync(channel);
      };
    },
    async close() {
      subscriptions.clear();
      await Promise.all([listener.close(), publisher.end()]);
    },
  };
}

type Subscriptions = ReturnType<typeof createSubscriptions>;

/**
 * The listening connection. Every LISTEN/UNLISTEN goes through one promise chain and compares the wanted
 * state (the subscriptions) with the connection's, so a subscribe racing an unsubscribe of the same channel
 * cannot leave the connection listening to the wrong set.
 */
function createListener(options: PostgresPubSubOptions, subscriptions: Subscriptions, onError: PubSubErrorHandler) {
  let client: pg.Client | undefined;
  let listening = new Set<string>();
  let queue: Promise<unknown> = Promise.resolve();
  let connecting: Promise<pg.Client> | undefined;
  let reconnectTimer: NodeJS.Timeout | undefined;
  let attempts = 0;
  let closed = false;

  async function connect(): Promise<pg.Client> {
    const next = new pg.Client({
      connectionString: options.databaseUrl,
      application_name: 'erp-pubsub-listen',
      keepAlive: true,
      keepAliveInitialDelayMillis: 10_000,
    });
    next.on('notification', (notification) => subscriptions.dispatch(notification.channel, notification.payload ?? 'null'));
    next.on('error', (error) => lost(next, error));
    next.on('end', () => lost(next, new Error('The pub/sub listening connection ended')));
    await next.connect();
    if (closed) {
      await next.end();
      throw new Error('The pub/sub is closed');
    }
    client = next;
    listening = new Set();
    for (const channel of subscriptions.channels()) await listen(next, channel);
    attempts = 0;
    return next;
  }

  async function listen(target: pg.Client, channel: string): Promise<void> {
    await target.query(`listen ${target.escapeIdentifier(channel)}`);
    listening.add(channel);
  }

  function lost(which: pg.Client, error: Error): void {
    if (client !== which) return;
    client = undefined;
    which.end().catch(() => {});
    if (closed) return;
    onError(error, undefined);
    scheduleReconnect();
  }

  function scheduleReconnect(): void {
    if (closed || reconnectTimer || subscriptions.channels().length === 0) return;
    attempts += 1;
    const delayMs = Math.min(100 * 2 ** (attempts - 1), options.reconnectDelayMsMax ?? 5000);
    reconnectTimer = setTimeout(() => {
      reconnectTimer = undefined;
      ensureClient().catch((error: unknown) => {
        onError(error instanceof Error ? error : new Error(String(error)), undefined);
        scheduleReconnect();
      });
    }, delayMs);
    reconnectTimer.unref();
  }

  function ensureClient(): Promise<pg.Client> {
    if (client) return Promise.resolve(client);
    connecting ??= connect().finally(() => {
      connecting = undefined;
    });
    return connecting;
  }

  async function syncNow(channel: string): Promise<void> {
    const wanted = subscriptions.has(channel);
    if (wanted === listening.has(channel) && (client || !wanted)) return;
    if (!wanted) {
      if (client) await client.query(`unlisten ${client.escapeIdentifier(channel)}`);
      listening.delete(channel);
      return;
    }
    const target = await ensureClient();
    if (!listening.has(channel)) await listen(target, channel);
  }

  return {
    /** Brings the connection's LISTEN state for `channel` in line with the subscriptions. */
    sync(channel: string): Promise<void> {
      const run = queue.then(() => syncNow(channel));
      queue = run.catch(() => {});
      return run;
    },
    async close(): Promise<void> {
      closed = true;
      clearTimeout(reconnectTimer);
      const current = client ?? (await connecting?.catch(() => undefined));
      client = undefined;
      await current?.end().catch(() => {});
    },
  };
}
