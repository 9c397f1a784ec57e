import { FinanceEntryPostedV1 } from '@erp/contracts';
import { Value } from 'typebox/value';
import { describe, expect, it } from 'vitest';
import { benchBankTransactions, benchLedgerEvents } from '../../dist/bench/ai-ledger.js';
import { addedLatencyRows } from '../../dist/bench/ai-overhead.js';
import { toAiBenchSettings } from '../../dist/bench/ai-settings.js';

const load = (p50: number, p99: number, failures = 0) => ({ requestsPerSecond: 200, latencyMsP50: p50, latencyMsP99: p99, requests: 600, failures });
const cents = (amount: string) => Math.round(Number(amount) * 100);

describe('toAiBenchSettings', () => {
  it('should keep every figure but measure briefly with --quick', () => {
    const [quick, full] = [toAiBenchSettings(['--quick']), toAiBenchSettings([])];

    expect(quick.rounds).toBeLessThan(full.rounds);
    expect(quick.durationS).toBeLessThan(full.durationS);
    expect(quick.ledgerEntries).toBeLessThan(full.ledgerEntries);
  });
});

describe('addedLatencyRows', () => {
  it('should subtract the median direct percentile from the median through ai and judge it against the goal', () => {
    const rows = addedLatencyRows([load(0.5, 3), load(0.7, 4), load(0.6, 5)], [load(1.9, 12), load(2.4, 14, 1), load(2.2, 13)]);

    expect(rows[0]?.slice(0, 6)).toEqual(['p50', '0.60', '2.20', '1.60', '<= 2 ms', 'yes']);
    expect(rows[1]?.slice(0, 6)).toEqual(['p99', '4.00', '13.00', '9.00', '<= 10 ms', 'yes']);
    expect(rows[0]?.at(-1)).toBe('1');
  });

  it('should say NO when the added latency is above the goal', () => {
    const rows = addedLatencyRows([load(0.5, 2)], [load(3, 20)]);

    expect(rows.map((row) => row[5])).toEqual(['NO', 'NO']);
  });
});

describe('the bench ledger', () => {
  it('should be posted entries that match the event contract and balance to the cent', () => {
    const events = benchLedgerEvents('3f2a9c1e-0b7d-4c55-9a3e-2d1f6b8e7a10', 50);

    for (const event of events) {
      expect(Value.Check(FinanceEntryPostedV1, event.data)).toBe(true);
      const debit = event.data.lines.reduce((sum, line) => sum + cents(line.debit), 0);
      const credit = event.data.lines.reduce((sum, line) => sum + cents(line.credit), 0);
      expect(debit).toBe(credit);
    }
    expect(new Set(events.map((event) => event.id)).size).toBe(50);
  });

  it('should ask for postings of payments to the same counterparties', () => {
    const transactions = benchBankTransactions();

    expect(transactions.length).toBe(16);
    expect(transactions.every((body) => /^-\d+\.\d{2}$/.test(String(body.amount)))).toBe(true);
  });
});
