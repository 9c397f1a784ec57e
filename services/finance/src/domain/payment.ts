import type { ProblemFieldError } from '@erp/contracts';
import {
  CurrencyMismatchError,
  ForeignCurrencyPaymentError,
  InvalidAllocationError,
  InvalidAmountError,
  OpenItemClosedError,
  OverAllocationError,
  SkontoNotApplicableError,
  UnknownPartnerError,
  withFieldErrors,
} from '../errors.js';
import { type AutomaticPostingAccounts, skontoAccountFor } from './automatic-posting-accounts.js';
import type { EntryDraft, LineDraft } from './entry.js';
import { describeAmountProblem, formatAmount, type Money, parseAmount, sum, ZERO } from './money.js';
import { isOwedByPartner, type OpenItemDocumentType, type OpenItemKind } from './open-item.js';
import { isWithinSkontoPeriod, skontoAmount, skontoShares, type TaxGroupShare } from './skonto.js';

export type PaymentDirection = 'incoming' | 'outgoing';

export interface AllocationInput {
  readonly openItemId: string;
  readonly amount: string;
  /** Settle the rest of the item with its Skonto. */
  readonly skonto: boolean;
}

/** A payment as a client records it. */
export interface PaymentInput {
  readonly direction: PaymentDirection;
  readonly bankAccount: string;
  readonly amount: string;
  readonly currency: string;
  readonly paymentDate: string;
  readonly reference?: string | undefined;
  readonly partnerId?: string | undefined;
  readonly allocations: readonly AllocationInput[];
}

export interface Partner {
  readonly id: string;
  readonly number: string;
  readonly name: string;
}

/** An open item as a payment sees it. */
export interface AllocatableItem {
  readonly id: string;
  readonly kind: OpenItemKind;
  readonly documentType: OpenItemDocumentType;
  readonly documentNumber: string;
  readonly partner: Partner;
  readonly currency: string;
  readonly openAmount: Money;
  readonly skonto: { readonly percent: Money; readonly until: string } | null;
  readonly taxGroups: readonly TaxGroupShare[];
}

export interface Settlement {
  readonly item: AllocatableItem;
  /** Money applied. */
  readonly amount: Money;
  /** Skonto taken on top of `amount`. */
  readonly skonto: Money;
}

/** A checked payment: what it settles, what stays on account, and its entry. */
export interface PaymentPlan {
  readonly amount: Money;
  readonly settlements: readonly Settlement[];
  readonly onAccount: Money;
  /** The kind of the on-account item: receivable for an incoming payment, payable for an outgoing one. */
  readonly onAccountKind: OpenItemKind;
  readonly partner: Partner | null;
  readonly reference: string;
  readonly draft: EntryDraft;
}

type Issues = Record<'amount' | 'allocation' | 'currency' | 'closed' | 'skonto' | 'over', ProblemFieldError[]>;

function readAmount(text: string, pointer: string, issues: Issues): Money | undefined {
  const amount = parseAmount(text);
  if (typeof amount !== 'string') return amount;
  issues.amount.push({ pointer, detail: describeAmountProblem(text, amount) });
  return undefined;
}

function checkItem(
  input: PaymentInput,
  allocation: AllocationInput,
  item: AllocatableItem | undefined,
  pointer: string,
  issues: Issues,
): item is AllocatableItem {
  if (!item) issues.allocation.push({ pointer: `${pointer}/open_item_id`, detail: `No open item ${allocation.openItemId} exists.` });
  else if (isOwedByPartner(item.kind, item.documentType) !== (input.direction === 'incoming')) {
    const expected = input.direction === 'incoming' ? 'an outgoing' : 'an incoming';
    issues.allocation.push({ pointer: `${pointer}/open_item_id`, detail: `${item.documentNumber} is settled by ${expected} payment.` });
  } else if (item.currency !== input.currency) {
    issues.currency.push({ pointer: `${pointer}/open_item_id`, detail: `${item.documentNumber} is in ${item.currency}, the payment in ${input.currency}.` });
  } else if (item.openAmount.isZero()) issues.closed.push({ pointer: `${pointer}/open_item_id`, detail: `${item.documentNumber} is settled in full.` });
  else return true;
  return false;
}

function skontoOf(input: PaymentInput, item: AllocatableItem, amount: Money, pointer: string, issues: Issues): Money {
  const terms = item.documentType === 'invoice' ? item.skonto : null;
  if (!terms) issues.skonto.push({ pointer: `${pointer}/skonto`, detail: `${item.documentNumber} offers no Skonto.` });
  else if (!isWithinSkontoPeriod(input.paymentDate, terms.until)) {
    issues.skonto.push({ pointer: `${pointer}/skonto`, detail: `The Skonto period of ${item.documentNumber} ended on ${terms.until}.` });
  } else {
    const skonto = skontoAmount(item.openAmount, terms.percent);
    const due = item.openAmount.minus(skonto);
    if (amount.equals(due)) return skonto;
    const detail = `With ${terms.percent.toFixed(2)} % Skonto (${formatAmount(skonto)}) the amount that settles ${item.documentNumber} is ${formatAmount(due)}.`;
    issues.skonto.push({ pointer: `${pointer}/amount`, detail });
  }
  return ZERO;
}

function toSettlements(input: PaymentInput, items: ReadonlyMap<string, AllocatableItem>, issues: Issues): Settlement[] {
  const seen = new Set<string>();
  return input.allocations.flatMap((allocation, index): Settlement[] => {
    const pointer = `/allocations/${index}`;
    if (seen.has(allocation.openItemId)) {
      issues.allocation.push({ pointer: `${pointer}/open_item_id`, detail: 'This item is named twice; allocate to it once.' });
      return [];
    }
    seen.add(allocation.openItemId);
    const amount = readAmount(allocation.amount, `${pointer}/amount`, issues);
    const item = items.get(allocation.openItemId);
    if (!checkItem(input, allocation, item, pointer, issues) || !amount) return [];
    const skonto = allocation.skonto ? skontoOf(input, item, amount, pointer, issues) : ZERO;
    if (!allocation.skonto && amount.greaterThan(item.openAmount)) {
      issues.over.push({ pointer: `${pointer}/amount`, detail: `${item.documentNumber} has ${formatAmount(item.openAmount)} open.` });
    }
    return [{ item, amount, skonto }];
  });
}

function throwFirst(issues: Issues): void {
  if (issues.amount.length > 0) throw withFieldErrors(InvalidAmountError, issues.amount, issues.amount.length);
  if (issues.allocation.length > 0) throw withFieldErrors(InvalidAllocationError, issues.allocation, issues.allocation.length);
  if (issues.currency.length > 0) throw withFieldErrors(CurrencyMismatchError, issues.currency, issues.currency.length);
  if (issues.closed.length > 0) throw withFieldErrors(OpenItemClosedError, issues.closed, issues.closed.length);
  if (issues.skonto.length > 0) throw withFieldErrors(SkontoNotApplicableError, issues.skonto, issues.skonto.length);
  if (issues.over.length > 0) throw withFieldErrors(OverAllocationError, issues.over, issues.over.length);
}

function partnerOf(input: PaymentInput, settlements: readonly Settlement[], knownPartner: Partner | undefined, issues: Issues): Partner | null {
  const partners = new Map(settlements.map((settlement) => [settlement.item.partner.id, settlement.item.partner]));
  if (input.partnerId !== undefined && !partners.has(input.partnerId) && partners.size > 0) {
    issues.allocation.push({ pointer: '/partner_id', detail: 'The allocated items belong to another partner.' });
  }
  if (partners.size > 1) issues.allocation.push({ pointer: '/allocations', detail: 'A payment settles the items of one partner.' });
  return [...partners.values()][0] ?? knownPartner ?? null;
}

function lines(input: PaymentInput, plan: Omit<PaymentPlan, 'draft' | 'reference'>, accounts: AutomaticPostingAccounts): LineDraft[] {
  const bankSide = input.direction === 'incoming' ? 'debit' : 'credit';
  const partnerSide = input.direction === 'incoming' ? 'credit' : 'debit';
  const partnerAccount = (kind: OpenItemKind) => (kind === 'receivable' ? accounts.receivable : accounts.payable);
  const line = (account: string, side: 'debit' | 'credit', amount: Money, taxCode: string | null, text: string): LineDraft => ({
    account,
    [side]: formatAmount(amount),
    taxCode,
    text,
  });
  return [
    line(input.bankAccount, bankSide, plan.amount, null, plan.partner?.name ?? input.reference ?? 'Zahlung'),
    ...plan.settlements.flatMap((settlement) => [
      line(partnerAccount(settlement.item.kind), partnerSide, settlement.amount.plus(settlement.skonto), null, settlement.item.documentNumber),
      ...skontoShares(settlement.skonto, settlement.item.taxGroups).map((share) =>
        line(
          skontoAccountFor(accounts, settlement.item.kind, share.taxCode),
          bankSide,
          share.amount,
          share.taxCode,
          `Skonto ${settlement.item.documentNumber}`,
        ),
      ),
    ]),
    ...(plan.onAccount.isZero() ? [] : [line(partnerAccount(plan.onAccountKind), partnerSide, plan.onAccount, null, 'Akonto')]),
  ];
}

/**
 * Checks a payment against the open items it names and plans its entry: bank to receivable (incoming) or
 * payable to bank (outgoing), one line per settled item, Skonto gross on the Skonto account of each tax group
 * (the posting rules then correct that group's tax), and what is not allocated on account of the partner.
 * Refuses, naming every offending field: malformed amounts, unknown or twice-named items, items of the other
 * direction or partner, another currency, settled items, Skonto outside its period or for a wrong amount,
 * and more than is open or paid.
 */
export function planPayment(
  input: PaymentInput,
  items: ReadonlyMap<string, AllocatableItem>,
  accounts: AutomaticPostingAccounts,
  knownPartner: Partner | undefined,
): PaymentPlan {
  const issues: Issues = { amount: [], allocation: [], currency: [], closed: [], skonto: [], over: [] };
  const amount = readAmount(input.amount, '/amount', issues);
  if (input.currency !== 'EUR') throw new ForeignCurrencyPaymentError(input.currency);
  const settlements = toSettlements(input, items, issues);
  const partner = partnerOf(input, settlements, knownPartner, issues);
  const allocated = sum(settlements.map((settlement) => settlement.amount));
  if (amount && allocated.greaterThan(amount)) {
    issues.over.push({
      pointer: '/allocations',
      detail: `The allocations add up to ${formatAmount(allocated)}, more than the payment of ${formatAmount(amount)}.`,
    });
  }
  throwFirst(issues);
  const total = amount as Money;
  const onAccount = total.minus(allocated);
  if (!onAccount.isZero() && !partner) {
    throw new UnknownPartnerError(`${formatAmount(onAccount)} is not allocated and stays on account; name the partner with partner_id, one of an open item.`);
  }
  const reference = input.reference ?? settlements[0]?.item.documentNumber ?? 'Akonto';
  const plan = {
    amount: total,
    settlements,
    onAccount,
    onAccountKind: input.direction === 'incoming' ? ('receivable' as const) : ('payable' as const),
    partner,
  };
  const description = `${input.direction === 'incoming' ? 'Zahlungseingang' : 'Zahlungsausgang'} ${partner?.name ?? ''}`.trim();
  return {
    ...plan,
    reference,
    draft: {
      postingDate: input.paymentDate,
      documentDate: input.paymentDate,
      documentRef: reference,
      description: Array.from(description).slice(0, 200).join(''),
      currency: 'EUR',
      exchangeRate: '1',
      lines: lines(input, plan, accounts),
    },
  };
}
