import type { ChartName } from './chart.js';

/**
 * The accounts the automatic postings and payments use, per chart. Receivables and payables go to the
 * collective accounts (Sammelkonten 1400/1600 in SKR03, 1200/3300 in SKR04) rather than to one Debitor or
 * Kreditor account per partner: the open items are the subledger that says who owes what, so the chart
 * needs no account per customer and a new customer needs no set-up in finance.
 */
export interface AutomaticPostingAccounts {
  /** Forderungen aus Lieferungen und Leistungen. */
  readonly receivable: string;
  /** Verbindlichkeiten aus Lieferungen und Leistungen. */
  readonly payable: string;
  /** The bank account a payment names by default. */
  readonly bank: string;
  /** Stock of merchandise (Bestand Waren), valued at cost on receipt. */
  readonly stock: string;
  /**
   * The goods-received/invoice-received clearing account. The templates have no dedicated WE/RE account, so
   * the template's transit account (Durchlaufende Posten) takes it: a receipt credits it, its invoice debits
   * it, and what remains is a price difference to clear by hand.
   */
  readonly goodsClearing: string;
  /** Revenue account per output or exempt tax code. */
  readonly revenue: Readonly<Record<string, string>>;
  /** Expense account per input, reverse-charge or acquisition tax code, for lines without a purchase order. */
  readonly purchase: Readonly<Record<string, string>>;
  /** Expense account of untaxed purchases. */
  readonly purchaseUntaxed: string;
  /** Gewährte Skonti per output tax code; other codes use `skontoGrantedOther`. */
  readonly skontoGranted: Readonly<Record<string, string>>;
  readonly skontoGrantedOther: string;
  /** Erhaltene Skonti per input tax code; other codes use `skontoReceivedOther`. */
  readonly skontoReceived: Readonly<Record<string, string>>;
  readonly skontoReceivedOther: string;
}

const SKR03: AutomaticPostingAccounts = {
  receivable: '1400',
  payable: '1600',
  bank: '1200',
  stock: '3980',
  goodsClearing: '1590',
  revenue: { USt19: '8400', USt7: '8300', IGL: '8125', AUSFUHR: '8120', FREI: '8100', EUSL: '8336', RCUMS: '8337', NSTB: '8338' },
  purchase: { VSt19: '3400', VSt7: '3300', IGE19: '3425', IGE7: '3420', RC19: '3125', RCEU19: '3123', RC7: '3100' },
  purchaseUntaxed: '3200',
  skontoGranted: { USt19: '8736', USt7: '8731' },
  skontoGrantedOther: '8730',
  skontoReceived: { VSt19: '3736', VSt7: '3731' },
  skontoReceivedOther: '3730',
};

const SKR04: AutomaticPostingAccounts = {
  receivable: '1200',
  payable: '3300',
  bank: '1800',
  stock: '1140',
  goodsClearing: '1370',
  revenue: { USt19: '4400', USt7: '4300', IGL: '4125', AUSFUHR: '4120', FREI: '4100', EUSL: '4336', RCUMS: '4337', NSTB: '4338' },
  purchase: { VSt19: '5400', VSt7: '5300', IGE19: '5425', IGE7: '5420', RC19: '5925', RCEU19: '5923', RC7: '5900' },
  purchaseUntaxed: '5200',
  skontoGranted: { USt19: '4736', USt7: '4731' },
  skontoGrantedOther: '4730',
  skontoReceived: { VSt19: '5736', VSt7: '5731' },
  skontoReceivedOther: '5730',
};

/** The accounts of automatic postings in `chart`. */
export function automaticPostingAccounts(chart: ChartName): AutomaticPostingAccounts {
  return chart === 'SKR03' ? SKR03 : SKR04;
}

/** The Skonto account of a receivable's (granted) or a payable's (received) tax group. */
export function skontoAccountFor(accounts: AutomaticPostingAccounts, kind: 'receivable' | 'payable', taxCode: string | null): string {
  if (kind === 'receivable') return (taxCode && accounts.skontoGranted[taxCode]) || accounts.skontoGrantedOther;
  return (taxCode && accounts.skontoReceived[taxCode]) || accounts.skontoReceivedOther;
}
