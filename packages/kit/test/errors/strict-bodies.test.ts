import type { ServiceApp } from '@erp/kit';
import Type from 'typebox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildKitApp } from '../helpers.js';

const written: unknown[] = [];
let app: ServiceApp;

beforeAll(async () => {
  app = await buildKitApp();
  const Body = Type.Object({ tax_code: Type.String(), amount: Type.String() }, { additionalProperties: false });
  app.post('/entries', { schema: { body: Body, querystring: Type.Object({ limit: Type.Integer({ default: 10 }) }) } }, async (request, reply) => {
    written.push({ body: request.body, query: request.query });
    return reply.code(201).send({ ok: true });
  });
  await app.ready();
});
afterAll(() => app.close());

describe('body validation', () => {
  it('should refuse a misspelt field with 400 pointing at that field, and write nothing', async () => {
    const response = await app.inject({ method: 'POST', url: '/entries', payload: { taxcode: 'V19', tax_code: 'V19', amount: '1.00' } });

    expect(response.statusCode).toBe(400);
    expect(response.json().errors).toEqual([{ pointer: '/taxcode', detail: expect.stringContaining('not a field') }]);
    expect(written).toEqual([]);
  });

  it('should refuse a JSON number where the schema wants a string, instead of converting it', async () => {
    const response = await app.inject({ method: 'POST', url: '/entries', payload: { tax_code: 'V19', amount: 1.5 } });

    expect(response.statusCode).toBe(400);
    expect(response.json().errors.map((error: { pointer: string }) => error.pointer)).toEqual(['/amount']);
  });

  it('should still convert query-string text to the types of its schema', async () => {
    const response = await app.inject({ method: 'POST', url: '/entries?limit=5', payload: { tax_code: 'V19', amount: '1.00' } });

    expect(response.statusCode).toBe(201);
    expect(written.at(-1)).toEqual({ body: { tax_code: 'V19', amount: '1.00' }, query: { limit: 5 } });
  });
});
