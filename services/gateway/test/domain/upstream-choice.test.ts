import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Candidate, chooseUpstream, mergeInstanceUrls, toUpstreamTable } from '../../src/domain/upstream-choice.js';

function candidate(url: string, outstanding = 0, usable = true): Candidate {
  return { url, outstanding, usable };
}

/** The URLs of `rounds` successive choices, each with the counter the previous one returned. */
function successive(candidates: Candidate[], policy: 'least-outstanding' | 'round-robin', rounds: number): string[] {
  const picked: string[] = [];
  let counter = 0;
  for (let i = 0; i < rounds; i += 1) {
    const choice = chooseUpstream(candidates, policy, counter);
    picked.push(choice?.url ?? '');
    counter = choice?.counter ?? counter;
  }
  return picked;
}

describe('chooseUpstream', () => {
  it('should take the candidates in turn under round robin, whatever their load', () => {
    const candidates = [candidate('http://a', 5), candidate('http://b'), candidate('http://c', 1)];

    expect(successive(candidates, 'round-robin', 6)).toEqual(['http://a', 'http://b', 'http://c', 'http://a', 'http://b', 'http://c']);
  });

  it('should take the candidate with the fewest outstanding requests under least-outstanding', () => {
    const candidates = [candidate('http://a', 3), candidate('http://b', 1), candidate('http://c', 2)];

    expect(successive(candidates, 'least-outstanding', 3)).toEqual(['http://b', 'http://b', 'http://b']);
  });

  it('should break ties in turn under least-outstanding', () => {
    const candidates = [candidate('http://a', 1), candidate('http://b', 1), candidate('http://c', 4)];

    expect(successive(candidates, 'least-outstanding', 4)).toEqual(['http://a', 'http://b', 'http://a', 'http://b']);
  });

  it('should skip a candidate that is not usable', () => {
    const candidates = [candidate('http://a', 0, false), candidate('http://b', 9)];

    expect(successive(candidates, 'least-outstanding', 2)).toEqual(['http://b', 'http://b']);
  });

  it('should still choose among all candidates when none is usable', () => {
    const candidates = [candidate('http://a', 0, false), candidate('http://b', 0, false)];

    expect(successive(candidates, 'round-robin', 2)).toEqual(['http://a', 'http://b']);
  });

  it('should return undefined when there is no candidate', () => {
    expect(chooseUpstream([], 'least-outstanding', 0)).toBeUndefined();
  });

  it('should choose a usable candidate with the least load whenever one is usable', () => {
    const candidates = fc.array(fc.record({ url: fc.nat(50).map((n) => `http://h${n}`), outstanding: fc.integer({ min: 0, max: 20 }), usable: fc.boolean() }), {
      minLength: 1,
      maxLength: 8,
    });
    fc.assert(
      fc.property(candidates, fc.nat(), (list, counter) => {
        const usable = list.filter((item) => item.usable);
        const chosen = chooseUpstream(list, 'least-outstanding', counter);
        const pool = usable.length > 0 ? usable : list;
        const least = Math.min(...pool.map((item) => item.outstanding));

        expect(pool.some((item) => item.url === chosen?.url && item.outstanding === least)).toBe(true);
        expect(chosen?.counter).toBe(counter + 1);
      }),
    );
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

describe('mergeInstanceUrls', () => {
  it('should merge registered and configured URLs without duplicates or trailing slashes', () => {
    expect(mergeInstanceUrls(['http://a', 'http://b/'], ['http://b', 'http://c//'], 'http://fallback')).toEqual(['http://a', 'http://b', 'http://c']);
  });

  it('should use the fallback only when neither lists an instance', () => {
    expect(mergeInstanceUrls([], [], 'http://fallback/')).toEqual(['http://fallback']);
    expect(mergeInstanceUrls([], [], undefined)).toEqual([]);
  });
});
