import { getIntrospectionQuery } from 'graphql';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { startGateway } from '../helpers.js';
import { withToken } from '../token-issuer.js';
import { graphql, graphqlGet, startGraphqlGateway } from './fake-auth.js';

let system: Awaited<ReturnType<typeof startGraphqlGateway>>;
let url: string;

beforeAll(async () => {
  system = await startGraphqlGateway(inject('adminUrl'));
  url = system.gateway.url;
});
beforeEach(() => {
  system.auth.reset();
});
afterAll(async () => {
  await system.close();
});

const codeOf = (answer: { body: { errors: Array<{ extensions: { code: string } }> } }) => answer.body.errors.map((error) => error.extensions.code);

describe('POST /graphql with malformed requests', () => {
  it.each([
    ['a body that is not JSON', '{"query": "{ me { id } }"', 'GRAPHQL_BAD_REQUEST'],
    ['an array instead of an object', '[{"query": "{ me { id } }"}]', 'GRAPHQL_BAD_REQUEST'],
    ['variables that are not an object', '{"query": "{ me { id } }", "variables": [1]}', 'GRAPHQL_BAD_REQUEST'],
    ['no query', '{"variables": {}}', 'GRAPHQL_BAD_REQUEST'],
    ['an empty query', '{"query": "   "}', 'GRAPHQL_BAD_REQUEST'],
    ['a syntax error', '{"query": "{ me { id }"}', 'GRAPHQL_PARSE_FAILED'],
    ['JSON in place of a GraphQL document', '{"query": "{\\"kind\\": \\"Document\\", \\"definitions\\": []}"}', 'GRAPHQL_PARSE_FAILED'],
    ['a field the schema lacks', '{"query": "{ me { password } }"}', 'GRAPHQL_VALIDATION_FAILED'],
    ['a variable of the wrong type', '{"query": "query ($id: ID!) { user(id: $id) { id } }", "variables": {"id": {"no": 1}}}', 'GRAPHQL_VALIDATION_FAILED'],
    ['a missing required variable', '{"query": "query ($id: ID!) { user(id: $id) { id } }"}', 'GRAPHQL_VALIDATION_FAILED'],
    ['an unknown operation name', '{"query": "query A { me { id } }", "operationName": "B"}', 'GRAPHQL_VALIDATION_FAILED'],
  ])('should answer %s with 400 in GraphQL shape and call no service', async (_case, body, code) => {
    const answer = await graphql(url, body);

    expect(answer.status).toBe(400);
    expect(answer.contentType).toMatch(/^application\/json/);
    expect(Object.keys(answer.body)).toEqual(['errors']);
    expect(codeOf(answer)).toEqual([code]);
    expect(system.auth.seen).toEqual([]);
  });

  it('should give a syntax error its location', async () => {
    const answer = await graphql(url, { query: '{\n  me {\n    id\n' });

    expect(answer.body.errors[0]).toMatchObject({
      message: expect.stringMatching(/^Syntax Error: Expected Name, found <EOF>/),
      locations: [{ line: 4, column: 1 }],
    });
  });

  it('should answer variables of a GET request that are not JSON with 400 in GraphQL shape', async () => {
    const answer = await graphqlGet(url, { query: '{ me { id } }', variables: '{not json' });

    expect(answer.status).toBe(400);
    expect(codeOf(answer)).toEqual(['GRAPHQL_BAD_REQUEST']);
  });

  it('should leave a method other than GET and POST to the kit: 404 as a problem document', async () => {
    const response = await fetch(`${url}/graphql`, await withToken({ method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{}' }));

    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await response.json()).toMatchObject({ code: 'KIT_ROUTE_NOT_FOUND' });
  });

  it('should leave a body over the limit to the kit: 413 as a problem document', async () => {
    const body = JSON.stringify({ query: '{ me { id } }', variables: { padding: 'x'.repeat(1_100_000) } });

    const answer = await graphql(url, body);

    expect(answer.status).toBe(413);
    expect(answer.contentType).toMatch(/^application\/problem\+json/);
    expect(answer.body).toMatchObject({ code: 'KIT_PAYLOAD_TOO_LARGE' });
  });

  it('should leave a body of another media type to the kit: 415 as a problem document', async () => {
    const answer = await graphql(url, '{ me { id } }', { headers: { 'content-type': 'text/plain' } });

    expect(answer.status).toBe(415);
    expect(answer.body).toMatchObject({ code: 'KIT_UNSUPPORTED_MEDIA_TYPE' });
  });
});

describe('OPTIONS /graphql', () => {
  it("should answer the browser UI's CORS preflight without a token", async () => {
    const response = await fetch(`${url}/graphql`, {
      method: 'OPTIONS',
      headers: { origin: 'http://localhost:3000', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' },
    });

    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe('http://localhost:3000');
    expect(response.headers.get('access-control-allow-methods')).toContain('POST');
  });
});

describe('POST /graphql introspection', () => {
  it('should answer the standard introspection query within the default depth and cost limits', async () => {
    const answer = await graphql(url, { query: getIntrospectionQuery() });

    expect(answer.status).toBe(200);
    const types = answer.body.data.__schema.types.map((type: { name: string }) => type.name);
    expect(types).toEqual(expect.arrayContaining(['Query', 'Mutation', 'User', 'AuditEntry', 'DateTime', 'JSON']));
  });

  it('should count nested fields of introspection like any other, except the ofType steps to a named type', async () => {
    const nested = '{ __type(name: "AuditEntry") { fields { type { fields { type { fields { type { fields { name } } } } } } } } }';
    const wrapped = '{ __schema { types { fields { args { type { ofType { ofType { ofType { name } } } } } } } } }';

    const [refused, answered] = await Promise.all([graphql(url, { query: nested }), graphql(url, { query: wrapped })]);

    // graphql's own rule on nested introspection refuses it too.
    expect(codeOf(refused)).toContain('GRAPHQL_DEPTH_LIMIT');
    expect(answered.status).toBe(200);
  });

  it('should refuse introspection when GRAPHQL_INTROSPECTION is false', async () => {
    const gateway = await startGateway(system.database.adminUrl, { auth: system.auth.url }, { GRAPHQL_INTROSPECTION: 'false' });

    try {
      const refused = await graphql(gateway.url, { query: '{ __schema { queryType { name } } }' });
      const typename = await graphql(gateway.url, { query: '{ __typename }' });

      expect(refused.status).toBe(400);
      expect(codeOf(refused)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
      expect(typename.body).toEqual({ data: { __typename: 'Query' } });
    } finally {
      await gateway.close();
    }
  });
});

describe('GET /graphiql', () => {
  it('should not exist unless GRAPHQL_IDE is true', async () => {
    const response = await fetch(`${url}/graphiql`);

    expect(response.status).toBe(404);
  });

  it('should serve GraphiQL, public, with a policy that lets it load from unpkg, when GRAPHQL_IDE is true', async () => {
    const gateway = await startGateway(system.database.adminUrl, { auth: system.auth.url }, { GRAPHQL_IDE: 'true' });

    try {
      const [page, settings, graphqlPolicy] = await Promise.all([
        fetch(`${gateway.url}/graphiql`),
        fetch(`${gateway.url}/graphiql/config.js`).then((response) => response.text()),
        graphql(gateway.url, { query: '{ __typename }' }).then((answer) => answer.headers.get('content-security-policy')),
      ]);

      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toMatch(/^text\/html/);
      expect(await page.text()).toContain('graphiql/main.js');
      expect(page.headers.get('content-security-policy')).toContain("script-src 'self' https://unpkg.com");
      expect(settings).toContain('window.GRAPHQL_ENDPOINT = "/graphql"');
      expect(graphqlPolicy).not.toContain('unpkg');
    } finally {
      await gateway.close();
    }
  });
});
