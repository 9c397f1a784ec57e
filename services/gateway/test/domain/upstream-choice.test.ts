import { describe, expect, it } from 'vitest';
import { chooseUpstream, toUpstreamTable } from '../../src/domain/upstream-choice.js';

const NOW = 1_000_000;
const none = new Map<string, number>();

describe('chooseUpstream', () => {
  it('should take the candidates in turn', () => {
    const candidates = ['http://a', 'http://b', 'http://c'];
    const picked: string[] = [];
    let counter = 0;

    for (let i = 0; i < 6; i += 1) {
      const choice = chooseUpstream(candidates, counter, none, NOW);
      picked.push(choice?.url ?? '');
      counter = choice?.counter ?? counter;
    }

    expect(picked).toEqual(['http://a', 'http://b', 'http://c', 'http://a', 'http://b', 'http://c']);
  });

  it('should skip an ejected candidate until its ejection ends', () => {
    const ejected = new Map([['http://a', NOW + 100]]);

    const during = [0, 1, 2].map((counter) => chooseUpstream(['http://a', 'http://b'], counter, ejected, NOW)?.url);
    const after = chooseUpstream(['http://a', 'http://b'], 0, ejected, NOW + 100)?.url;

    expect(during).toEqual(['http://b', 'http://b', 'http://b']);
    expect(after).toBe('http://a');
  });

  it('should still choose among all candidates when every one is ejected', () => {
    const ejected = new Map([
      ['http://a', NOW + 100],
      ['http://b', NOW + 100],
    ]);

    expect(chooseUpstream(['http://a', 'http://b'], 1, ejected, NOW)?.url).toBe('http://b');
  });

  it('should return undefined when there is no candidate', () => {
    expect(chooseUpstream([], 0, none, NOW)).toBeUndefined();
  });
});

describe('toUpstreamTable', () => {
  it('should group URLs by service in order and drop duplicates', () => {
    const table = toUpstreamTable([
      { service: 'core', url: 'http://a' },
      { service: 'finance', url: 'http://f' },
      { service: 'core', url: 'http://b' },
      { service: 'core', url: 'http://a' },
    ]);

    expect(Object.fromEntries(table)).toEqual({ core: ['http://a', 'http://b'], finance: ['http://f'] });
  });
});
