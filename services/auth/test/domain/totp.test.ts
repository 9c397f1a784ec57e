import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatRecoveryCode, isTotpCode, matchTotpStep, normaliseRecoveryCode, TOTP_PERIOD_S, totpCode, totpStep, totpUri } from '../../src/domain/totp.js';

// The RFC 6238 appendix B secret ("12345678901234567890" in base32) and its SHA-1 vector at T = 59 s.
const RFC_SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
const at = (seconds: number) => new Date(seconds * 1000);

describe('totpCode', () => {
  it('should produce the RFC 6238 test vector for SHA-1 at 59 s', () => {
    const code = totpCode(RFC_SECRET, totpStep(at(59)));

    expect(code).toBe('287082');
  });
});

describe('matchTotpStep', () => {
  const now = at(1_111_111_109);
  const step = totpStep(now);

  it('should accept the codes of the previous, current and next step and name the step', () => {
    const matches = [step - 1, step, step + 1].map((candidate) => matchTotpStep(RFC_SECRET, totpCode(RFC_SECRET, candidate), now, null));

    expect(matches).toEqual([step - 1, step, step + 1]);
  });

  it('should refuse a code two steps away', () => {
    const matches = [step - 2, step + 2].map((candidate) => matchTotpStep(RFC_SECRET, totpCode(RFC_SECRET, candidate), now, null));

    expect(matches).toEqual([undefined, undefined]);
  });

  it('should refuse a replayed code when its step was the last one used', () => {
    const code = totpCode(RFC_SECRET, step);

    expect(matchTotpStep(RFC_SECRET, code, now, step)).toBeUndefined();
  });

  it('should refuse an older code of the window once a later step was used', () => {
    const earlier = totpCode(RFC_SECRET, step - 1);

    expect(matchTotpStep(RFC_SECRET, earlier, now, step)).toBeUndefined();
  });

  it('should accept the code of a later step after an earlier one was used', () => {
    const later = totpCode(RFC_SECRET, step + 1);

    expect(matchTotpStep(RFC_SECRET, later, now, step)).toBe(step + 1);
  });

  it('should accept the code of every moment within one step of its own', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4_000_000_000 }), fc.integer({ min: -TOTP_PERIOD_S, max: TOTP_PERIOD_S }), (seconds, driftS) => {
        const code = totpCode(RFC_SECRET, totpStep(at(seconds)));
        return matchTotpStep(RFC_SECRET, code, at(seconds + driftS), null) !== undefined;
      }),
    );
  });
});

describe('totpUri', () => {
  it('should describe a six-digit SHA-1 TOTP of 30 s for the issuer and account', () => {
    const uri = new URL(totpUri(RFC_SECRET, 'ERP', 'ada@example.com'));

    expect(uri.protocol).toBe('otpauth:');
    expect(uri.host).toBe('totp');
    expect(decodeURIComponent(uri.pathname)).toBe('/ERP:ada@example.com');
    expect(Object.fromEntries(uri.searchParams)).toMatchObject({ secret: RFC_SECRET, issuer: 'ERP', algorithm: 'SHA1', digits: '6', period: '30' });
  });
});

describe('recovery codes', () => {
  it('should show a code in lower-case groups of four and accept it typed in any case with or without hyphens', () => {
    const shown = formatRecoveryCode('ABCDEFGHIJKLMNOP');

    expect(shown).toBe('abcd-efgh-ijkl-mnop');
    expect(normaliseRecoveryCode(' ABCD-EFGH ijkl-MNOP ')).toBe(normaliseRecoveryCode(shown));
  });

  it('should tell six digits apart from everything else', () => {
    expect(['123456', '12345', '1234567', 'abcd-efgh', '12345a'].map(isTotpCode)).toEqual([true, false, false, false, false]);
  });
});
