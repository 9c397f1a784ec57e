import { PROBLEM_CONTENT_TYPE, ProblemDocument } from '@erp/contracts';
import type { ServiceApp } from '@erp/kit';
import { defineError } from '@erp/kit';
import Type from 'typebox';
import { Value } from 'typebox/value';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildKitApp } from '../helpers.js';

const OverdraftError = defineError({
  code: 'TEST_OVERDRAFT',
  status: 409,
  title: 'Overdraft',
  detail: (account: string) => `Account ${account} would go below zero.`,
});

const written: unknown[] = [];
let app: ServiceApp;

beforeAll(async () => {
  app = await buildKitApp();
  const Body = Type.Object({ name: Type.String({ minLength: 1 }), amount: Type.String({ pattern: '^-?\\d+(\\.\\d{1,2})?$' }) });
  app.post('/items', { schema: { body: Body } }, async (request, reply) => {
    written.push(request.body);
    return reply.code(201).send({ ok: true });
  });
  app.get('/overdraft', async () => {
    throw new OverdraftError('1200');
  });
  app.get('/explode', async () => {
    throw new Error('relation "secret_table" does not exist at SELECT * FROM secret_table');
  });
  await app.ready();
});
afterAll(() => app.close());

function expectProblem(response: { statusCode: number; headers: Record<string, unknown>; json(): unknown }, status: number, code: string) {
  expect(response.statusCode).toBe(status);
  expect(String(response.headers['content-type'])).toContain(PROBLEM_CONTENT_TYPE);
  const body = response.json() as ProblemDocument;
  expect(Value.Check(ProblemDocument, body)).toBe(true);
  expect(body).toMatchObject({ status, code });
  expect(body.request_id).toBe(response.headers['x-request-id']);
  return body;
}

describe('problem handler', () => {
  it('should answer an unknown route with 404', async () => {
    const response = await app.inject({ method: 'GET', url: '/no/such/route?x=1' });

    const body = expectProblem(response, 404, 'KIT_ROUTE_NOT_FOUND');
    expect(body.instance).toBe('/no/such/route');
  });

  it('should answer malformed JSON with 400 and write nothing', async () => {
    const response = await app.inject({ method: 'POST', url: '/items', headers: { 'content-type': 'application/json' }, payload: '{"name": "a",' });

    expectProblem(response, 400, 'KIT_MALFORMED_JSON');
    expect(written).toHaveLength(0);
  });

  it('should answer a wrong content type with 415', async () => {
    const response = await app.inject({ method: 'POST', url: '/items', headers: { 'content-type': 'text/csv' }, payload: 'a,b' });

    expectProblem(response, 415, 'KIT_UNSUPPORTED_MEDIA_TYPE');
  });

  it('should answer a body over the limit with 413', async () => {
    const payload = JSON.stringify({ name: 'x'.repeat(70 * 1024), amount: '1.00' });

    const response = await app.inject({ method: 'POST', url: '/items', headers: { 'content-type': 'application/json' }, payload });

    expectProblem(response, 413, 'KIT_PAYLOAD_TOO_LARGE');
    expect(written).toHaveLength(0);
  });

  it('should answer schema violations with 400 and a JSON pointer per field', async () => {
    const response = await app.inject({ method: 'POST', url: '/items', payload: { amount: '1e3' } });

    const body = expectProblem(response, 400, 'KIT_VALIDATION_FAILED');
    const pointers = body.errors?.map((error) => error.pointer).sort();
    expect(pointers).toEqual(['/amount', '/name']);
  });

  it('should answer a catalogue error with its own status, code and detail', async () => {
    const response = await app.inject({ method: 'GET', url: '/overdraft' });

    const body = expectProblem(response, 409, 'TEST_OVERDRAFT');
    expect(body.detail).toBe('Account 1200 would go below zero.');
  });

  it('should hide the message of an unexpected error behind a 500 with the request id', async () => {
    const response = await app.inject({ method: 'GET', url: '/explode', headers: { 'x-request-id': 'trace-me-123' } });

    const body = expectProblem(response, 500, 'KIT_INTERNAL');
    expect(body.request_id).toBe('trace-me-123');
    expect(response.body).not.toContain('secret_table');
    expect(response.body).not.toContain('at ');
  });

  it('should replace a hostile request id with a generated one', async () => {
    const response = await app.inject({ method: 'GET', url: '/nope', headers: { 'x-request-id': 'x"; drop table\n' } });

    expect(response.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('requests that fail before routing', () => {
  it('should answer a malformed percent-encoding in the path with a 400 problem document', async () => {
    const response = await app.inject({ method: 'GET', url: '/items/%E0%A4%A' });

    expectProblem(response, 400, 'KIT_BAD_REQUEST');
  });
});
