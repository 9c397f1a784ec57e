import { describe, expect, it } from 'vitest';
import { createGuardedFetch, isNonPublicAddress, providerUrlProblem } from '../../src/providers/address-guard.js';
import { retryAfterMsFrom } from '../../src/providers/ai-sdk/retry-after.js';

describe('the provider address guard', () => {
  it.each(['127.0.0.1', '10.1.2.3', '172.20.0.1', '192.168.1.1', '169.254.169.254', '100.64.0.1', '::1', 'fd00::1', 'fe80::1', '::ffff:127.0.0.1', '0.0.0.0'])(
    'should treat %s as non-public',
    (address) => {
      expect(isNonPublicAddress(address)).toBe(true);
    },
  );

  it.each(['8.8.8.8', '1.1.1.1', '2606:4700:4700::1111'])('should treat %s as public', (address) => {
    expect(isNonPublicAddress(address)).toBe(false);
  });

  it('should refuse plain http, credentials in the URL, localhost and private address literals', () => {
    expect(providerUrlProblem('http://api.example.com/v1')).toMatch(/https/);
    expect(providerUrlProblem('https://user:secret@api.example.com/v1')).toMatch(/credentials/);
    expect(providerUrlProblem('https://localhost:11434/v1')).toMatch(/not a public address/);
    expect(providerUrlProblem('https://[::1]/v1')).toMatch(/not a public address/);
    expect(providerUrlProblem('https://169.254.169.254/latest')).toMatch(/not a public address/);
    expect(providerUrlProblem('https://api.mistral.ai/v1')).toBeUndefined();
  });

  it('should refuse to connect to a name that resolves to a loopback address', async () => {
    const guarded = createGuardedFetch();

    await expect(guarded('http://localhost:9/v1/chat/completions')).rejects.toThrow();
    await expect(guarded('http://127.0.0.1:9/v1/models')).rejects.toThrow(/fetch failed/);
  });
});

describe('retryAfterMsFrom', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');

  it('should prefer retry-after-ms, then read retry-after as seconds or as an HTTP date', () => {
    expect(retryAfterMsFrom({ 'retry-after-ms': '250', 'retry-after': '9' }, now)).toBe(250);
    expect(retryAfterMsFrom({ 'Retry-After': '2.5' }, now)).toBe(2500);
    expect(retryAfterMsFrom({ 'retry-after': 'Thu, 01 Jan 2026 00:00:30 GMT' }, now)).toBe(30_000);
  });

  it('should ignore missing or unreadable values and cap absurd ones at an hour', () => {
    expect(retryAfterMsFrom(undefined, now)).toBeUndefined();
    expect(retryAfterMsFrom({ 'retry-after': 'soon' }, now)).toBeUndefined();
    expect(retryAfterMsFrom({ 'retry-after': '999999' }, now)).toBe(3_600_000);
  });
});
