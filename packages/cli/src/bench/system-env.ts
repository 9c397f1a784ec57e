// Variables that point the services at shared servers. The system figures measure the configuration of a
// fresh machine (embedded PostgreSQL or the benchmark's database, pg-boss, in-process cache), and must not
// declare queues on the machine's RabbitMQ or keys in its Redis.
const SHARED_SERVER_VARIABLES = ['DATABASE_URL', 'REDIS_URL', 'AMQP_URL'];

/** `env` without the variables that point at shared servers and without `ERP_*` settings of another system. */
export function defaultsOnly(env: Readonly<Record<string, string | undefined>>): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(env).filter(([name]) => !SHARED_SERVER_VARIABLES.includes(name) && !name.startsWith('ERP_')));
}
