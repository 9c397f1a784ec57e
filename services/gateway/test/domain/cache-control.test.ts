import { describe, expect, it } from 'vitest';
import { parseCacheControl, toRequestPolicy, toStorability } from '../../src/domain/cache-control.js';

const NOW = Date.parse('2026-03-01T12:00:00Z');

describe('parseCacheControl', () => {
  it('should read directives of every field line, lower-cased, unquoted, first occurrence winning', () => {
    const directives = parseCacheControl(['Public, MAX-AGE=60', 'no-cache="set-cookie", max-age=5']);

    expect(Object.fromEntries(directives)).toEqual({ public: true, 'max-age': '60', 'no-cache': 'set-cookie' });
  });
});

describe('toRequestPolicy', () => {
  it.each([
    [{}, { bypass: false, revalidate: false, maxAgeS: undefined }],
    [{ 'cache-control': 'no-store' }, { bypass: true, revalidate: false, maxAgeS: undefined }],
    [{ 'cache-control': 'no-cache' }, { bypass: false, revalidate: true, maxAgeS: undefined }],
    [{ 'cache-control': 'max-age=0' }, { bypass: false, revalidate: false, maxAgeS: 0 }],
    [{ pragma: 'no-cache' }, { bypass: false, revalidate: true, maxAgeS: undefined }],
    [
      { pragma: 'no-cache', 'cache-control': 'max-age=10' },
      { bypass: false, revalidate: false, maxAgeS: 10 },
    ],
  ])('should read %o as %o', (headers, policy) => {
    expect(toRequestPolicy(headers)).toEqual(policy);
  });
});

describe('toStorability', () => {
  it.each([
    [200, {}, { ttlS: 30 }],
    [200, { 'cache-control': 'max-age=10' }, { ttlS: 10 }],
    [200, { 'cache-control': 'max-age=10, s-maxage=20' }, { ttlS: 20 }],
    [200, { 'cache-control': 'max-age=600' }, { ttlS: 30 }],
    [200, { 'cache-control': 'max-age=10', age: '4' }, { ttlS: 6 }],
    [200, { expires: 'Sun, 01 Mar 2026 12:00:12 GMT', date: 'Sun, 01 Mar 2026 12:00:00 GMT' }, { ttlS: 12 }],
    [200, { expires: '0' }, { reason: 'expired' }],
    [200, { 'cache-control': 'max-age=0' }, { reason: 'expired' }],
    [200, { 'cache-control': 'max-age=10', age: '10' }, { reason: 'expired' }],
    [200, { 'cache-control': 'public, no-store' }, { reason: 'no-store' }],
    [200, { 'cache-control': 'private' }, { reason: 'private' }],
    [200, { 'cache-control': 'no-cache' }, { reason: 'no-cache' }],
    [200, { 'set-cookie': ['a=1'] }, { reason: 'set-cookie' }],
    [200, { vary: 'Accept, *' }, { reason: 'vary' }],
    [201, {}, { reason: 'status' }],
    [206, {}, { reason: 'status' }],
  ])('should judge a %i with %o as %o under a 30 s rule', (status, headers, expected) => {
    expect(toStorability(status, headers, 30, NOW)).toEqual(expected);
  });
});
