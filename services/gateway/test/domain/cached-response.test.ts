import { describe, expect, it } from 'vitest';
import {
  ageOf,
  type CachedResponse,
  matchesIfNoneMatch,
  normaliseUrl,
  notModifiedHeaders,
  permissionsText,
  remainingTtlS,
  toRulePath,
  toStoredHeaders,
  toVaryNames,
  varyText,
} from '../../src/domain/cached-response.js';

describe('normaliseUrl', () => {
  it.each([
    ['/api/v1/products', '/api/v1/products'],
    ['/api/v1/products?', '/api/v1/products'],
    ['/api/v1/products?b=2&a=1', '/api/v1/products?a=1&b=2'],
    ['/api/v1/products?tag=y&a=1&tag=x', '/api/v1/products?a=1&tag=y&tag=x'],
    ['/api/v1/products?q=a+b', '/api/v1/products?q=a+b'],
    ['/api/v1/products?q=a%20b', '/api/v1/products?q=a+b'],
    ['/api/v1/Products/%41?x=%7E', '/api/v1/Products/%41?x=%7E'],
  ])('should key %s as %s', (url, normalised) => {
    expect(normaliseUrl(url)).toBe(normalised);
  });
});

describe('toRulePath', () => {
  it('should decode the path and drop the query, leaving a malformed encoding as it is', () => {
    expect(toRulePath('/api/v1/%70roducts?x=1')).toBe('/api/v1/products');
    expect(toRulePath('/api/v1/products/%zz')).toBe('/api/v1/products/%zz');
  });
});

describe('permissionsText', () => {
  it('should give the same text for the same set in any order or with repeats', () => {
    expect(permissionsText(['b', 'a', 'b'])).toBe(permissionsText(['a', 'b']));
    expect(permissionsText(['a'])).not.toBe(permissionsText(['a', 'b']));
  });
});

describe('toStoredHeaders', () => {
  it('should keep the representation headers and drop the per-request, per-connection and CORS ones', () => {
    const stored = toStoredHeaders({
      'content-type': 'application/json',
      etag: '"v1"',
      vary: 'Accept-Language',
      connection: 'keep-alive, x-hop',
      'x-hop': '1',
      'keep-alive': 'timeout=5',
      'x-request-id': 'r-1',
      ratelimit: '"ip";r=1;t=2',
      'server-timing': 'db;dur=1',
      'access-control-allow-origin': 'http://localhost:3000',
      'content-length': '42',
      'x-custom': ['a', 'b'],
    });

    expect(stored).toEqual({ 'content-type': 'application/json', etag: '"v1"', vary: 'Accept-Language', 'x-custom': ['a', 'b'] });
  });
});

describe('matchesIfNoneMatch', () => {
  it.each([
    ['"v1"', '"v1"', true],
    ['W/"v1"', '"v1"', true],
    ['"v0", "v1"', 'W/"v1"', true],
    ['*', '"v1"', true],
    ['"v2"', '"v1"', false],
    [undefined, '"v1"', false],
    ['"v1"', undefined, false],
  ])('should compare If-None-Match %s with ETag %s as %s', (ifNoneMatch, etag, matches) => {
    expect(matchesIfNoneMatch(ifNoneMatch, etag)).toBe(matches);
  });
});

describe('toVaryNames and varyText', () => {
  it('should ignore Origin, sort and lower-case the names, and list the request values', () => {
    const names = toVaryNames(['Origin, Accept-Language', 'accept']);

    expect(names).toEqual(['accept', 'accept-language']);
    expect(varyText(names, { accept: 'application/json', 'accept-language': 'de' })).toBe('accept:application/json\naccept-language:de');
  });
});

describe('the age of an entry', () => {
  const entry: CachedResponse = {
    headers: { etag: '"v1"', 'content-type': 'application/json', date: 'x' },
    bodyBase64: '',
    storedAtMs: 1_000_000,
    ttlS: 30,
    initialAgeS: 2,
    generations: [],
    varyNames: [],
    varyDigest: '',
  };

  it('should count the upstream Age and the whole seconds stored, and the freshness left', () => {
    expect(ageOf(entry, 1_000_000 + 10_900)).toBe(12);
    expect(remainingTtlS(entry, 1_000_000 + 10_900)).toBe(20);
    expect(remainingTtlS(entry, 1_000_000 + 30_000)).toBe(0);
  });

  it('should keep only the validators and caching headers for a 304', () => {
    expect(notModifiedHeaders(entry.headers)).toEqual({ etag: '"v1"', date: 'x' });
  });
});
