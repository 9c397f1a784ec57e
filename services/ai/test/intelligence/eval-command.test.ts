import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const cli = fileURLToPath(new URL('../../../../packages/cli/dist/main.js', import.meta.url));

function erp(...args: string[]) {
  const result = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', env: { PATH: process.env.PATH }, timeout: 60_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('erp eval', () => {
  it('should run the ai evaluation on the committed sets and print the table with goals', () => {
    const result = erp('eval', 'ai');

    expect(result.code).toBe(0);
    expect(result.stdout.split('\n')[0]).toMatch(/^area\s+metric\s+measured\s+goal\s+met$/);
    expect(result.stdout).toMatch(/suggestions\s+top-1 accuracy, known counterparties \(n=360\)\s+\d+\.\d %\s+>= 95 %/);
    expect(result.stdout).toMatch(/anomalies\s+flag rate\s+\d+\.\d\d %\s+<= 1 %/);
    expect(result.stdout).toMatch(/forecasts\s+AirPassengers 1960 MAPE, holt-winters-multiplicative\s+2\.31 %\s+<= 0\.5 x naive \(4\.99 %\)\s+yes/);
  });

  it('should refuse an unknown evaluation with exit code 2 and name the known ones', () => {
    const result = erp('eval', 'nope');

    expect(result.code).toBe(2);
    expect(result.stderr.trim()).toBe('erp: unknown evaluation "nope"; available: ai');
  });
});
