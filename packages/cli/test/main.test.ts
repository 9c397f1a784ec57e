import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const main = fileURLToPath(new URL('../dist/main.js', import.meta.url));

function erp(...args: string[]) {
  const result = spawnSync(process.execPath, [main, ...args], { encoding: 'utf8', env: { PATH: process.env.PATH }, timeout: 20_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('erp command line', () => {
  it('should list the available suites and exit 2 when a benchmark suite does not exist', () => {
    const result = erp('bench', 'no-such-suite');

    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/unknown benchmark suite "no-such-suite"; available: /);
  });

  it('should refuse a suite name that could reach outside the bench folder', () => {
    const result = erp('bench', '../main');

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('unknown benchmark suite "../main"');
  });

  it('should exit 2 with one clear line for an unknown command or a bad flag', () => {
    const unknown = erp('upp');
    const badFlag = erp('up', '--port-base', 'eighty');

    expect(unknown.code).toBe(2);
    expect(unknown.stderr.trim()).toBe('erp: unknown command "upp"; try erp --help');
    expect(badFlag.code).toBe(2);
    expect(badFlag.stderr.trim()).toBe('erp: --port-base=eighty is not a TCP port (1-65535)');
  });

  it('should print the usage and exit 0 for --help', () => {
    const result = erp('--help');

    expect(result.code).toBe(0);
    expect(result.stdout).toContain('erp up [flags]');
  });
});
