import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { startGateway } from '../helpers.js';
import { sharedIssuer } from '../token-issuer.js';
import { fakeUser, graphql, startGraphqlGateway } from './fake-auth.js';

let system: Awaited<ReturnType<typeof startGraphqlGateway>>;
let url: string;

beforeAll(async () => {
  system = await startGraphqlGateway(inject('adminUrl'), {
    GRAPHQL_DEPTH_MAX: '3',
    GRAPHQL_COST_MAX: '500',
    GRAPHQL_QUERY_MAX_BYTES: '300',
    GRAPHQL_TOKENS_MAX: '100',
  });
  url = system.gateway.url;
});
beforeEach(() => {
  system.auth.reset();
  system.auth.users.splice(0, system.auth.users.length, fakeUser(1));
});
afterAll(async () => {
  await system.close();
});

describe('POST /graphql depth limit', () => {
  it('should refuse a query nested deeper than GRAPHQL_DEPTH_MAX with 400 and GRAPHQL_DEPTH_LIMIT, calling no service', async () => {
    const answer = await graphql(url, { query: '{ auditLog { items { actor { id } } } }' });

    expect(answer.status).toBe(400);
    expect(answer.contentType).toMatch(/^application\/json/);
    expect(answer.body.data).toBeUndefined();
    expect(answer.body.errors).toEqual([expect.objectContaining({ extensions: { code: 'GRAPHQL_DEPTH_LIMIT', status: 400, depth: 4, max: 3 } })]);
    expect(system.auth.seen).toEqual([]);
  });

  it('should count the fields of fragments where they are spread', async () => {
    const query = 'query { auditLog { ...Entries } } fragment Entries on AuditPage { items { ... on AuditEntry { actor { email } } } }';

    const answer = await graphql(url, { query });

    expect(answer.body.errors[0].extensions).toMatchObject({ code: 'GRAPHQL_DEPTH_LIMIT', depth: 4 });
  });

  it('should run a query exactly at the limit', async () => {
    const answer = await graphql(url, { query: '{ users { items { id } } }' });

    expect(answer.status).toBe(200);
    expect(answer.body.data.users.items).toEqual([{ id: fakeUser(1).id }]);
  });
});

describe('POST /graphql cost limit', () => {
  it('should refuse a list whose limit times the cost of its items exceeds GRAPHQL_COST_MAX', async () => {
    const answer = await graphql(url, { query: 'query ($limit: Int!) { users(limit: $limit) { items { id email } } }', variables: { limit: 200 } });

    expect(answer.status).toBe(400);
    // (1 for users + 1 for items + 2 for its fields) x 200.
    expect(answer.body.errors).toEqual([expect.objectContaining({ extensions: { code: 'GRAPHQL_COST_LIMIT', status: 400, cost: 800, max: 500 } })]);
    expect(system.auth.seen).toEqual([]);
  });

  it('should add up the cost of aliases', async () => {
    const list = (alias: string) => `${alias}: users(limit: 50) { items { id } }`;

    const answer = await graphql(url, { query: `{ ${['a', 'b', 'c', 'd'].map(list).join(' ')} }` });

    // Each alias costs (1 + 1 + 1) x 50; three would pass.
    expect(answer.body.errors[0].extensions).toMatchObject({ code: 'GRAPHQL_COST_LIMIT', cost: 600 });
  });

  it('should run the same list with a lower limit', async () => {
    const answer = await graphql(url, { query: 'query ($limit: Int!) { users(limit: $limit) { items { id email } } }', variables: { limit: 100 } });

    expect(answer.status).toBe(200);
    expect(system.auth.seen.map((seen) => seen.url)).toEqual(['/api/v1/auth/users?limit=100']);
  });
});

describe('POST /graphql query size limit', () => {
  it('should refuse a query longer than GRAPHQL_QUERY_MAX_BYTES with GRAPHQL_QUERY_TOO_LARGE', async () => {
    const answer = await graphql(url, { query: `{ me { ${'id '.repeat(120)}} }` });

    expect(answer.status).toBe(400);
    expect(answer.body.errors[0].extensions).toEqual({ code: 'GRAPHQL_QUERY_TOO_LARGE', status: 400 });
  });

  it('should refuse a query within the byte limit but with more tokens than it allows', async () => {
    const query = `{${'a:me{id}'.repeat(35)}}`;

    const answer = await graphql(url, { query });

    expect(Buffer.byteLength(query)).toBeLessThanOrEqual(300);

    expect(answer.status).toBe(400);
    expect(answer.body.errors[0]).toMatchObject({
      message: expect.stringContaining('100 tokens'),
      extensions: { code: 'GRAPHQL_QUERY_TOO_LARGE', status: 400 },
    });
  });
});

describe('POST /graphql rate limits', () => {
  it("should count GraphQL requests against the gateway's rate limits and refuse with a 429 problem document", async () => {
    const gateway = await startGateway(system.database.adminUrl, { auth: system.auth.url }, { RATE_LIMITS: '/graphql=user:2/1m' });
    const token = await (await sharedIssuer()).token({ sub: 'rate-limited-user' });

    try {
      const answers = [];
      for (let i = 0; i < 3; i += 1) answers.push(await graphql(gateway.url, { query: '{ me { id } }' }, { token }));

      expect(answers.map((answer) => answer.status)).toEqual([200, 200, 429]);
      expect(answers[2]?.contentType).toMatch(/^application\/problem\+json/);
      expect(answers[2]?.body).toMatchObject({ code: 'GW_RATE_LIMITED' });
      expect(answers[0]?.headers.get('ratelimit-policy')).toBe('"user";q=2;w=60');
    } finally {
      await gateway.close();
    }
  });
});
