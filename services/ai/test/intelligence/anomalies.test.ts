import { describe, expect, it } from 'vitest';
import { detectAmountOutliers } from '../../src/intelligence/anomalies/amount-outliers.js';
import { detectJustBelowLimits, detectSplitPayments } from '../../src/intelligence/anomalies/approval-limits.js';
import { detectBenford } from '../../src/intelligence/anomalies/benford-groups.js';
import { detectDuplicates, detectUnusualPairs } from '../../src/intelligence/anomalies/counterparty-patterns.js';
import { detectAnomalies } from '../../src/intelligence/anomalies/detect-anomalies.js';
import { toAnalysedEntries } from '../../src/intelligence/anomalies/finding.js';
import { detectMonthlyVariance } from '../../src/intelligence/anomalies/monthly-variance.js';
import { detectOddPostingTimes } from '../../src/intelligence/anomalies/odd-times.js';
import type { LedgerEntry } from '../../src/intelligence/ledger/ledger-entry.js';
import { addDays } from '../../src/intelligence/statistics/dates.js';
import { bankPayment, credit, debit, ledgerEntry } from './ledger-fixtures.js';

const WINDOW = { from: '2026-06-01', to: '2026-06-30' };
const LIMITS = { limits: [1000, 5000, 10_000], splitWindowDays: 3, chart: 'skr03' as const };

const pay = (description: string, gross: string, date: string, expense = '4930', extra: { postedAt?: string; postedBy?: string } = {}) =>
  bankPayment({ description, gross, expense, date, ...extra });

/** One payment a week from January to May, of amounts cycling around `typical`. */
function weekly(description: string, typical: number, expense = '4930'): LedgerEntry[] {
  return Array.from({ length: 20 }, (_, week) => pay(description, (typical * (0.8 + (week % 5) * 0.1)).toFixed(2), addDays('2026-01-05', week * 7), expense));
}

describe('detectAmountOutliers', () => {
  it('should flag an amount far from its account by robust z-score, not an ordinary one, and not its bank line', () => {
    const history = weekly('Viking Bürobedarf', 100);
    const outlier = pay('Viking Bürobedarf', '1500.00', '2026-06-10');
    const ordinary = pay('Viking Bürobedarf', '130.00', '2026-06-11');

    const findings = detectAmountOutliers(toAnalysedEntries([...history, outlier, ordinary]), WINDOW, 'skr03');

    expect(findings).toEqual([expect.objectContaining({ kind: 'amount_outlier', entryIds: [outlier.id], account: '4930' })]);
    // The expense line carries the net amount: 1,500.00 / 1.19.
    expect(findings[0]?.reason.en).toContain('1,260.50 EUR on account 4930 is far above the usual');
  });
});

describe('detectUnusualPairs', () => {
  it('should flag a pair a counterparty never had when one pair dominates its history', () => {
    const history = weekly('Telekom Deutschland Mobilfunk', 119, '4920').slice(0, 6);
    const odd = pay('Telekom Deutschland Mobilfunk', '119.00', '2026-06-05', '4660');

    const findings = detectUnusualPairs(toAnalysedEntries([...history, odd]), WINDOW);

    expect(findings).toEqual([
      expect.objectContaining({
        kind: 'unusual_account_pair',
        entryIds: [odd.id],
        details: expect.objectContaining({ usual_pair: '4920|1200', usual_share: 1 }),
      }),
    ]);
  });

  it('should not judge a counterparty with fewer than five earlier entries', () => {
    const entries = [...weekly('Neu GmbH', 50).slice(0, 4), pay('Neu GmbH', '50.00', '2026-06-05', '4660')];

    expect(detectUnusualPairs(toAnalysedEntries(entries), WINDOW)).toEqual([]);
  });
});

describe('detectDuplicates', () => {
  it('should flag the later of two equal bookings within the window days, naming the earlier', () => {
    const first = pay('Viking Bürobedarf Bestellung', '84.20', '2026-06-08');
    const second = pay('Viking Bürobedarf Bestellung', '84.20', '2026-06-09');
    const muchLater = pay('Viking Bürobedarf Bestellung', '84.20', '2026-06-25');

    const findings = detectDuplicates(toAnalysedEntries([first, second, muchLater]), WINDOW, 3);

    expect(findings).toEqual([expect.objectContaining({ kind: 'duplicate', entryIds: [second.id, first.id] })]);
  });

  it('should flag the same document booked twice a month apart', () => {
    const invoice = (date: string) =>
      ledgerEntry({ postingDate: date, description: 'Müller Rechnung', documentRef: 'RE-77', lines: [debit('3400', '500.00'), credit('1600', '500.00')] });
    const [first, again] = [invoice('2026-05-20'), invoice('2026-06-19')];

    expect(detectDuplicates(toAnalysedEntries([first, again]), WINDOW, 3).map((finding) => finding.entryIds)).toEqual([[again.id, first.id]]);
  });
});

describe('approval limits', () => {
  it('should flag an amount just under a limit from a new counterparty, not from one that bills that much anyway', () => {
    const newcomer = pay('Beratung Nord Honorar', '4990.00', '2026-06-03');
    const regular = [...weekly('Großhandel Müller Ware', 4700, '3400'), pay('Großhandel Müller Ware', '4950.00', '2026-06-04', '3400')];

    const findings = detectJustBelowLimits(toAnalysedEntries([...regular, newcomer]), WINDOW, LIMITS);

    expect(findings.map((finding) => finding.entryIds[0])).toEqual([newcomer.id]);
    expect(findings[0]?.details).toMatchObject({ limit: '5000.00', amount: '4990.00' });
  });

  it('should flag amounts of a counterparty that cluster just under a limit, both of them', () => {
    const earlier = ['2026-02-02', '2026-03-02', '2026-04-01'].map((date) => pay('Beratung Nord Honorar', '2000.00', date, '4900'));
    const [first, second] = [pay('Beratung Nord Honorar', '4960.00', '2026-06-02', '4900'), pay('Beratung Nord Honorar', '4985.00', '2026-06-12', '4900')];

    const findings = detectJustBelowLimits(toAnalysedEntries([...earlier, first, second]), WINDOW, LIMITS);

    expect(findings.map((finding) => finding.entryIds[0])).toEqual([first.id, second.id]);
    expect(findings[0]?.reason.de).toContain('schon zum wiederholten Mal in zwei Wochen');
  });

  it('should not flag a large supplier that bills near a limit now and then', () => {
    const regular = weekly('Großhandel Müller Ware', 4700, '3400');
    const nearLimit = [pay('Großhandel Müller Ware', '4960.00', '2026-06-02', '3400'), pay('Großhandel Müller Ware', '4985.00', '2026-06-12', '3400')];

    expect(detectJustBelowLimits(toAnalysedEntries([...regular, ...nearLimit]), WINDOW, LIMITS)).toEqual([]);
  });

  it('should flag a payment split into similar parts under a limit, each far above the usual', () => {
    const history = weekly('Agentur Blau Werbung', 300, '4600');
    const parts = [pay('Agentur Blau Werbung', '2800.00', '2026-06-15', '4600'), pay('Agentur Blau Werbung', '2750.00', '2026-06-16', '4600')];

    const findings = detectSplitPayments(toAnalysedEntries([...history, ...parts]), WINDOW, LIMITS);

    expect(findings).toEqual([
      expect.objectContaining({
        kind: 'split_payment',
        entryIds: parts.map((part) => part.id),
        details: expect.objectContaining({ limit: '5000.00', total: '5550.00' }),
      }),
    ]);
  });

  it('should not call two ordinary payments of a frequent supplier a split', () => {
    const history = weekly('Großhandel Müller Ware', 3000, '3400');
    const parts = [pay('Großhandel Müller Ware', '2900.00', '2026-06-15', '3400'), pay('Großhandel Müller Ware', '2950.00', '2026-06-16', '3400')];

    expect(detectSplitPayments(toAnalysedEntries([...history, ...parts]), WINDOW, LIMITS)).toEqual([]);
  });

  it('should leave customer receipts alone', () => {
    const receipt = ledgerEntry({
      postingDate: '2026-06-03',
      description: 'Becker GmbH Zahlung',
      lines: [debit('1200', '4990.00'), credit('1400', '4990.00')],
    });

    expect(detectJustBelowLimits(toAnalysedEntries([receipt]), WINDOW, LIMITS)).toEqual([]);
  });
});

describe('detectOddPostingTimes', () => {
  it('should flag a night posting of a daytime user but not the nightly import', () => {
    const daytime = weekly('Viking Bürobedarf', 100);
    const imports = Array.from({ length: 25 }, (_, day) =>
      pay('Bank Import', '10.00', addDays('2026-05-01', day), '4970', { postedAt: `${addDays('2026-05-01', day)}T01:00:00.000Z`, postedBy: 'bank-import' }),
    );
    // 21:30 UTC is 23:30 in Berlin in summer.
    const night = pay('Viking Bürobedarf', '99.00', '2026-06-10', '4930', { postedAt: '2026-06-10T21:30:00.000Z' });

    const findings = detectOddPostingTimes(toAnalysedEntries([...daytime, ...imports, night]), WINDOW, 'Europe/Berlin');

    expect(findings).toEqual([
      expect.objectContaining({ kind: 'odd_posting_time', entryIds: [night.id], details: expect.objectContaining({ local_hour: 23, weekend: 0 }) }),
    ]);
  });

  it('should flag a weekend posting', () => {
    const saturday = pay('Viking Bürobedarf', '99.00', '2026-06-13', '4930', { postedAt: '2026-06-13T10:00:00.000Z' });

    const findings = detectOddPostingTimes(toAnalysedEntries([...weekly('Viking Bürobedarf', 100), saturday]), WINDOW, 'Europe/Berlin');

    expect(findings.map((finding) => finding.details.weekend)).toEqual([1]);
  });
});

describe('detectBenford', () => {
  const entriesWithAmounts = (amounts: number[]) =>
    amounts.map((amount, index) =>
      bankPayment({ description: `Lieferant ${index}`, gross: amount.toFixed(2), expense: '4980', date: addDays('2026-06-01', index % 28), taxCode: null }),
    );

  it('should find a class of made-up amounts nonconforming, naming entries of its most excessive digit', () => {
    // 360 amounts with first digits 1 to 9 equally often: far from Benford.
    const findings = detectBenford(toAnalysedEntries(entriesWithAmounts(Array.from({ length: 360 }, (_, index) => ((index % 9) + 1) * 100 + 17))), WINDOW);

    expect(findings.groups).toEqual(expect.arrayContaining([expect.objectContaining({ group: '4', count: 360, conformity: 'nonconformity' })]));
    expect(findings.findings.find((finding) => finding.account === '4')?.details.digit).toBe(9);
  });

  it('should find log-uniform amounts conforming', () => {
    const amounts = Array.from({ length: 900 }, (_, index) => 10 ** (1 + (3 * (index + 0.5)) / 900));

    const findings = detectBenford(toAnalysedEntries(entriesWithAmounts(amounts)), WINDOW);

    expect(findings.groups.find((group) => group.group === '4')?.conformity).toBe('close');
    expect(findings.findings.filter((finding) => finding.account === '4')).toEqual([]);
  });
});

describe('detectMonthlyVariance', () => {
  const monthly = (amounts: Record<string, string>, expense = '4930') =>
    Object.entries(amounts).map(([month, amount]) => pay('Viking Bürobedarf', amount, `${month}-15`, expense));

  it('should flag a month far from the six before it and from the same month a year before', () => {
    const entries = monthly({
      '2025-06': '1000.00',
      '2025-12': '1000.00',
      '2026-01': '1050.00',
      '2026-02': '980.00',
      '2026-03': '1020.00',
      '2026-04': '990.00',
      '2026-05': '1010.00',
      '2026-06': '6000.00',
    });

    const findings = detectMonthlyVariance(toAnalysedEntries(entries), WINDOW, 'skr03', 1000);

    expect(findings).toEqual([
      expect.objectContaining({
        kind: 'monthly_variance',
        account: '4930',
        details: expect.objectContaining({ month: '2026-06', expected: expect.any(String) }),
      }),
    ]);
  });

  it('should not flag a seasonal month that was as high a year before', () => {
    const entries = monthly({
      '2025-06': '5900.00',
      '2025-12': '1000.00',
      '2026-01': '1050.00',
      '2026-02': '980.00',
      '2026-03': '1020.00',
      '2026-04': '990.00',
      '2026-05': '1010.00',
      '2026-06': '6000.00',
    });

    expect(detectMonthlyVariance(toAnalysedEntries(entries), WINDOW, 'skr03', 1000)).toEqual([]);
  });
});

describe('detectAnomalies', () => {
  it('should leave reversed entries and reversals out, and count each flagged entry once', () => {
    const first = pay('Viking Bürobedarf Bestellung', '84.20', '2026-06-08');
    const duplicate = pay('Viking Bürobedarf Bestellung', '84.20', '2026-06-09');
    const cancelled = { ...pay('Viking Bürobedarf Bestellung', '84.20', '2026-06-10'), reversed: true };
    const reversal = { ...pay('Viking Bürobedarf Bestellung', '84.20', '2026-06-10'), reversalOf: cancelled.id };

    const report = detectAnomalies([first, duplicate, cancelled, reversal], WINDOW, {
      ...LIMITS,
      duplicateWindowDays: 3,
      timeZone: 'Europe/Berlin',
      materiality: 1000,
    });

    expect(report.entriesChecked).toBe(2);
    expect(report.flaggedEntries).toBe(1);
    expect(report.byKind.duplicate).toBe(1);
  });
});
