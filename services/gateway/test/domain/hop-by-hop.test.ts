import { describe, expect, it } from 'vitest';
import { connectionTokens, hopByHopNames } from '../../src/domain/hop-by-hop.js';

describe('hopByHopNames', () => {
  it('should name the fixed hop-by-hop headers, every proxy header and the headers Connection lists', () => {
    const headers = {
      connection: 'Keep-Alive, X-Private',
      'keep-alive': 'timeout=5',
      te: 'trailers',
      trailer: 'x-checksum',
      'transfer-encoding': 'chunked',
      upgrade: 'h2c',
      'proxy-authorization': 'Basic x',
      'proxy-connection': 'keep-alive',
      'x-private': '1',
      'content-type': 'application/json',
      authorization: 'Bearer t',
    };

    const names = hopByHopNames(headers);

    expect(names.sort()).toEqual([
      'connection',
      'keep-alive',
      'proxy-authorization',
      'proxy-connection',
      'te',
      'trailer',
      'transfer-encoding',
      'upgrade',
      'x-private',
    ]);
  });

  it('should name nothing for end-to-end headers only', () => {
    expect(hopByHopNames({ 'content-type': 'text/plain', 'x-request-id': 'r-1' })).toEqual([]);
  });
});

describe('connectionTokens', () => {
  it.each([
    ['close', ['close']],
    [' Close ,X-A,, x-b ', ['close', 'x-a', 'x-b']],
    [
      ['keep-alive', 'x-a'],
      ['keep-alive', 'x-a'],
    ],
    [undefined, []],
    [42, []],
  ])('should read %o as %o', (value, tokens) => {
    expect(connectionTokens(value)).toEqual(tokens);
  });
});
