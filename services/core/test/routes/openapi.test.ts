import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildTestApp, type TestCore } from '../helpers.js';

let core: TestCore;

beforeAll(async () => {
  core = await buildTestApp(inject('adminUrl'));
});
afterAll(() => core.close());

describe('GET /docs/json', () => {
  it('should describe every customer and supplier route', async () => {
    const response = await core.app.inject({ method: 'GET', url: '/docs/json' });

    expect(response.statusCode).toBe(200);
    const paths = Object.keys(response.json().paths);
    for (const resource of ['customers', 'suppliers']) {
      expect(paths).toEqual(
        expect.arrayContaining([
          `/api/v1/${resource}/`,
          `/api/v1/${resource}/{id}`,
          `/api/v1/${resource}/{id}/archive`,
          `/api/v1/${resource}/{id}/restore`,
          `/api/v1/${resource}/{id}/history`,
          `/api/v1/${resource}/{id}/gdpr-export`,
          `/api/v1/${resource}/{id}/erase`,
          `/api/v1/${resource}/import`,
        ]),
      );
    }
  });

  it('should describe every product route', async () => {
    const response = await core.app.inject({ method: 'GET', url: '/docs/json' });

    expect(Object.keys(response.json().paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/products/',
        '/api/v1/products/{id}',
        '/api/v1/products/{id}/archive',
        '/api/v1/products/{id}/restore',
        '/api/v1/products/{id}/history',
      ]),
    );
  });

  it('should answer /health without a token', async () => {
    const response = await core.app.inject({ method: 'GET', url: '/health' });

    expect(response.json()).toMatchObject({ service: 'core', db: { status: 'pass' } });
  });
});
