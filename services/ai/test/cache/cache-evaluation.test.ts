import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { evaluateSemanticCache, hitRate, type SemanticCacheSet, wrongHitRate } from '../../src/cache/evaluate-semantic-cache.js';
import { DEFAULT_SEMANTIC_THRESHOLD } from '../../src/domain/task-policy.js';

const set = JSON.parse(readFileSync(new URL('../../eval/semantic-cache.json', import.meta.url), 'utf8')) as SemanticCacheSet;

describe('the labelled set of the semantic cache', () => {
  it('should hold at least 100 pairs of both kinds, with a holdout part', () => {
    const count = (expected: string, split?: string) =>
      set.pairs.filter((pair) => pair.expected === expected && (split === undefined || pair.split === split)).length;

    expect(set.pairs.length).toBeGreaterThanOrEqual(100);
    expect([count('hit'), count('miss'), count('hit', 'holdout'), count('miss', 'holdout')].every((value) => value >= 15)).toBe(true);
  });

  it('should reuse most paraphrases and no near miss at the default threshold, which the embedding alone cannot', () => {
    const result = evaluateSemanticCache(set, DEFAULT_SEMANTIC_THRESHOLD);

    expect(hitRate(result.overall)).toBeGreaterThanOrEqual(0.7);
    expect(wrongHitRate(result.overall)).toBeLessThanOrEqual(0.01);
    expect(wrongHitRate(result.withoutGuard)).toBeGreaterThan(0.5);
  });

  it('should be reported by the evaluation runner with the threshold and both rates', () => {
    const runner = fileURLToPath(new URL('../../dist/intelligence/evaluation/main.js', import.meta.url));

    const run = spawnSync(process.execPath, [runner], { encoding: 'utf8', timeout: 60_000 });

    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/cache\s+semantic threshold \(built-in embedding\)\s+0\.80/);
    expect(run.stdout).toMatch(/cache\s+hit rate, paraphrases \(n=\d+\)\s+\d+\.\d %\s+>= 70 %\s+yes/);
    expect(run.stdout).toMatch(/cache\s+wrong-hit rate, near misses \(n=\d+\)\s+\d+\.\d %\s+<= 1 %\s+yes/);
  });
});
