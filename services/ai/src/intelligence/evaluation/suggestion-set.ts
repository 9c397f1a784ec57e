import type { LedgerEntry, PostingLabel } from '../ledger/ledger-entry.js';
import { addMonths } from '../statistics/dates.js';
import type { SuggestionInput } from '../suggestions/suggestion-input.js';
import { BANK_ACCOUNT, CATEGORIES, type Category } from './company-catalogue.js';
import { createRandom, type Random } from './random.js';
import {
  type Counterparty,
  counterpartyPostings,
  knownCounterparties,
  ordinaryPostings,
  type Posting,
  purposeText,
  toLedgerEntries,
} from './synthetic-ledger.js';

/** A test case: an input, the posting a bookkeeper would make, and whether its counterparty is in the history. */
export interface LabelledSuggestion {
  readonly split: 'known' | 'unseen';
  readonly input: SuggestionInput;
  readonly expected: PostingLabel;
}

export interface SuggestionSet {
  readonly seed: number;
  readonly history: readonly LedgerEntry[];
  readonly items: readonly LabelledSuggestion[];
}

export const SUGGESTION_SET_SEED = 20_261_125;
const HISTORY_FIRST_MONTH = '2023-01';
const HISTORY_MONTHS = 24;
const TEST_FIRST_MONTH = '2025-01';
const KNOWN_BANK = 300;
const KNOWN_INVOICES = 60;
const UNSEEN_BANK = 150;
const UNSEEN_INVOICES = 40;

/** How banks mangle names: as written, upper case, or upper case with umlauts dropped. */
function bankSpelling(name: string, random: Random): string {
  const choice = random.integer(0, 2);
  if (choice === 0) return name;
  const upper = name.toUpperCase();
  return choice === 1 ? upper : upper.replace(/Ä/g, 'A').replace(/Ö/g, 'O').replace(/Ü/g, 'U').replace(/ß/g, 'SS');
}

/**
 * The purpose of a test case: for unseen counterparties often in words the history never used together (the
 * category's novel wordings); bank texts sometimes carry SEPA references.
 */
function testPurpose(counterparty: Counterparty, date: string, random: Random, split: LabelledSuggestion['split']): string {
  const novel = counterparty.category.novelPurposes;
  const templates = split === 'unseen' && novel.length > 0 && random.chance(0.6) ? novel : counterparty.category.purposes;
  const purpose = purposeText(counterparty, date, random, templates);
  return random.chance(0.3) ? `EREF+${random.integer(100_000_000, 999_999_999)} ${purpose} MREF+M${counterparty.customerNumber}` : purpose;
}

function signedAmount(posting: Posting): string {
  return posting.credit === BANK_ACCOUNT ? `-${posting.amount}` : posting.amount;
}

const label = (posting: Posting): PostingLabel => ({ debitAccount: posting.debit, creditAccount: posting.credit, taxCode: posting.taxCode });

function bankCase(counterparty: Counterparty, random: Random, split: LabelledSuggestion['split']): LabelledSuggestion {
  for (;;) {
    const month = addMonths(TEST_FIRST_MONTH, random.integer(0, 5));
    const payment = counterpartyPostings(counterparty, month, random).find((posting) => posting.debit === BANK_ACCOUNT || posting.credit === BANK_ACCOUNT);
    if (!payment) continue;
    const input: SuggestionInput = {
      kind: 'bank_transaction',
      counterparty: bankSpelling(counterparty.name, random),
      purpose: testPurpose(counterparty, payment.date, random, split),
      amount: signedAmount(payment),
      date: payment.date,
    };
    return { split, input, expected: label(payment) };
  }
}

function invoiceCase(counterparty: Counterparty, random: Random, split: LabelledSuggestion['split']): LabelledSuggestion {
  for (;;) {
    const month = addMonths(TEST_FIRST_MONTH, random.integer(0, 5));
    const invoice = counterpartyPostings(counterparty, month, random).find(
      (posting) => posting.documentRef !== '' && posting.debit !== BANK_ACCOUNT && posting.credit !== BANK_ACCOUNT,
    );
    if (!invoice) continue;
    const purpose = testPurpose(counterparty, invoice.date, random, split);
    const [euros = '0', cents = '00'] = invoice.amount.split('.');
    const text = `${counterparty.name}\nRechnung Nr. ${invoice.documentRef}\nDatum: ${invoice.date.split('-').reverse().join('.')}\n${purpose}\nGesamtbetrag ${euros.replace(/\B(?=(\d{3})+(?!\d))/g, '.')},${cents} EUR`;
    const input: SuggestionInput =
      split === 'known'
        ? {
            kind: 'incoming_invoice',
            supplier: counterparty.name,
            invoiceNumber: invoice.documentRef,
            amountGross: invoice.amount,
            date: invoice.date,
            text: purpose,
          }
        : { kind: 'incoming_invoice', text };
    return { split, input, expected: label(invoice) };
  }
}

const invoiceCategories = (categories: readonly Category[]) => categories.filter((category) => category.viaPayable && category.direction === 'out');

/**
 * The labelled set of posting suggestions: two years of the synthetic company's history, then bank
 * transactions and incoming invoices of known counterparties (new invoice numbers, bank spellings) and of
 * counterparties never seen, whose texts carry the category's words.
 */
export function generateSuggestionSet(seed = SUGGESTION_SET_SEED): SuggestionSet {
  const random = createRandom(seed);
  const known = knownCounterparties(random);
  const history = toLedgerEntries(ordinaryPostings(known, HISTORY_FIRST_MONTH, HISTORY_MONTHS, random), 0x5e7);
  const unseen: Counterparty[] = CATEGORIES.flatMap((category) =>
    category.unseen.map((name) => ({ name, category, customerNumber: String(random.integer(10_000_000, 99_999_999)) })),
  );
  const knownSuppliers = known.filter((counterparty) => invoiceCategories([counterparty.category]).length > 0);
  const unseenSuppliers = unseen.filter((counterparty) => invoiceCategories([counterparty.category]).length > 0);
  const items: LabelledSuggestion[] = [
    ...Array.from({ length: KNOWN_BANK }, () => bankCase(random.pick(known), random, 'known')),
    ...Array.from({ length: KNOWN_INVOICES }, () => invoiceCase(random.pick(knownSuppliers), random, 'known')),
    ...Array.from({ length: UNSEEN_BANK }, () => bankCase(random.pick(unseen), random, 'unseen')),
    ...Array.from({ length: UNSEEN_INVOICES }, () => invoiceCase(random.pick(unseenSuppliers), random, 'unseen')),
  ];
  return { seed, history, items };
}
