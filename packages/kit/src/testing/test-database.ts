import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** A fresh, empty database for one test file; `adminUrl` points at it. */
export interface TestDatabase {
  readonly adminUrl: string;
  readonly name: string;
  drop(): Promise<void>;
}

/**
 * Creates a new database on the server behind `serverAdminUrl`, so that a test file sees nothing of any
 * other. Roles are cluster-wide and shared; schemas, tables and rows are not.
 *
 * ### Example
 * ```ts
 * const database = await createTestDatabase(inject('adminUrl'));
 * afterAll(() => database.drop());
 * ```
 */
export async function createTestDatabase(serverAdminUrl: string): Promise<TestDatabase> {
  const name = `erp_test_${randomBytes(6).toString('hex')}`;
  await withAdmin(serverAdminUrl, (client) => client.query(`create database ${name}`));
  const url = new URL(serverAdminUrl);
  url.pathname = `/${name}`;
  return {
    adminUrl: url.toString(),
    name,
    drop: () => withAdmin(serverAdminUrl, (client) => client.query(`drop database if exists ${name} with (force)`)).then(() => undefined),
  };
}

async function withAdmin<T>(adminUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
