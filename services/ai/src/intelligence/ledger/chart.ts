/** The two DATEV charts of accounts finance offers. */
export type ChartName = 'skr03' | 'skr04';

// The liquid funds: SKR03 class 1 starts with Kasse 1000-1099, Postbank 1100-1199 and Banken 1200-1299;
// SKR04 has Kasse 1600-1699, Postbank 1700-1799 and Banken 1800-1899 in its class 1.
const BANK_CASH_RANGES: Readonly<Record<ChartName, readonly [number, number]>> = { skr03: [1000, 1299], skr04: [1600, 1899] };

/** Whether an account belongs to the bank and cash group of the chart. */
export function isBankOrCashAccount(chart: ChartName, account: string): boolean {
  if (!/^\d{4}$/.test(account)) return false;
  const [low, high] = BANK_CASH_RANGES[chart];
  const number = Number(account);
  return number >= low && number <= high;
}

/** Counts of how accounts are used, from which the chart is recognised. */
export interface ChartEvidence {
  /** Accounts of generated tax lines, with how often each was used. */
  readonly taxLineAccounts: ReadonlyMap<string, number>;
  /** Accounts credited on lines with an output tax code (revenue), with counts. */
  readonly revenueAccounts: ReadonlyMap<string, number>;
}

/**
 * Recognises the chart from how the ledger uses it: SKR03 keeps input and output tax on 15xx/17xx and revenue
 * on 8xxx; SKR04 keeps tax on 14xx/38xx and revenue on 4xxx. The events do not name the chart, and the finance
 * service's settings are not ours to read, so the ledger's own usage decides; SKR03 when nothing tells.
 */
export function recogniseChart(evidence: ChartEvidence): ChartName {
  let skr03 = 0;
  let skr04 = 0;
  for (const [account, count] of evidence.taxLineAccounts) {
    if (/^1[57]\d\d$/.test(account)) skr03 += count;
    if (/^(14|38)\d\d$/.test(account)) skr04 += count;
  }
  for (const [account, count] of evidence.revenueAccounts) {
    if (/^8\d{3}$/.test(account)) skr03 += count;
    if (/^4\d{3}$/.test(account)) skr04 += count;
  }
  return skr04 > skr03 ? 'skr04' : 'skr03';
}

/** The account class: the first digit, which groups accounts in both charts. */
export function accountClass(account: string): string {
  return account.slice(0, 1);
}

// Trade payables: SKR03 1600-1699, SKR04 3300-3399, and the creditor accounts 70000-99999 of both.
const PAYABLES_RANGES: Readonly<Record<ChartName, readonly [number, number]>> = { skr03: [1600, 1699], skr04: [3300, 3399] };

export function isPayablesAccount(chart: ChartName, account: string): boolean {
  if (/^[7-9]\d{4}$/.test(account)) return true;
  if (!/^\d{4}$/.test(account)) return false;
  const [low, high] = PAYABLES_RANGES[chart];
  return Number(account) >= low && Number(account) <= high;
}

/**
 * Whether a pair spends money that needs approval: it credits the bank or a payable, and debits neither (the
 * payment of a payable was approved with its invoice).
 */
export function isSpendingPair(chart: ChartName, debitAccount: string, creditAccount: string): boolean {
  const settles = (account: string) => isBankOrCashAccount(chart, account) || isPayablesAccount(chart, account);
  return settles(creditAccount) && !settles(debitAccount);
}

// Trade receivables: SKR03 1400-1499, SKR04 1200-1299, and the debtor accounts 10000-69999 of both.
const RECEIVABLES_RANGES: Readonly<Record<ChartName, readonly [number, number]>> = { skr03: [1400, 1499], skr04: [1200, 1299] };

export function isReceivablesAccount(chart: ChartName, account: string): boolean {
  if (/^[1-6]\d{4}$/.test(account)) return true;
  if (!/^\d{4}$/.test(account)) return false;
  const [low, high] = RECEIVABLES_RANGES[chart];
  return Number(account) >= low && Number(account) <= high;
}

/** Bank, cash, receivables and payables: accounts whose lines only mirror the other side of an entry. */
export function isSettlementAccount(chart: ChartName, account: string): boolean {
  return isBankOrCashAccount(chart, account) || isReceivablesAccount(chart, account) || isPayablesAccount(chart, account);
}
