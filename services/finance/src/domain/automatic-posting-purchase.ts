import type { CorePurchaseGoodsReceivedV1, CorePurchaseSupplierInvoiceRecordedV1 } from '@erp/contracts';
import { assertNoProblems, type DocumentPosting, draftHeader, headerProblems, partnerOf, partnerText, skontoTermsOf } from './automatic-posting.js';
import type { AutomaticPostingAccounts } from './automatic-posting-accounts.js';
import { type TaxGroup, toTaxGroups } from './automatic-posting-groups.js';
import type { ExactLine } from './automatic-posting-lines.js';
import type { TaxCode } from './chart.js';
import { Money, sum } from './money.js';
import { splitByWeight } from './skonto.js';

/**
 * A goods receipt: its value at cost into stock against the goods-received/invoice-received clearing
 * account, which the supplier's invoice clears. No tax: that comes with the invoice.
 */
export function planGoodsReceiptPosting(receipt: CorePurchaseGoodsReceivedV1, accounts: AutomaticPostingAccounts): DocumentPosting {
  const problems = headerProblems({
    currency: receipt.currency,
    exchange_rate: receipt.exchange_rate,
    date: { field: 'receipt date', value: receipt.received_on },
  });
  const total = sum(receipt.lines.map((line) => new Money(line.value)));
  if (!total.equals(receipt.total_value))
    problems.push({ pointer: '/data/total_value', detail: `The lines' values add up to ${total.toFixed(2)}, not ${receipt.total_value}.` });
  if (total.isZero()) problems.push({ pointer: '/data/total_value', detail: 'A receipt worth 0.00 has nothing to book.' });
  assertNoProblems(problems);
  const text = partnerText(receipt.supplier);
  const description = `Wareneingang ${receipt.goods_receipt_number} zu ${receipt.purchase_order_number} ${receipt.supplier.name}`;
  return {
    draft: {
      ...draftHeader(receipt.goods_receipt_number, receipt.received_on, description, receipt),
      lines: [
        { account: accounts.stock, side: 'debit', amount: total, taxCode: null, text },
        { account: accounts.goodsClearing, side: 'credit', amount: total, taxCode: null, text },
      ],
    },
    openItem: null,
  };
}

function lineAccount(invoice: CorePurchaseSupplierInvoiceRecordedV1, index: number, group: TaxGroup, accounts: AutomaticPostingAccounts): string {
  const line = invoice.lines[index];
  if (line?.purchase_order_id) return accounts.goodsClearing;
  if (line?.expense_account) return line.expense_account;
  const code = group.taxCode?.code;
  return (code && accounts.purchase[code]) || accounts.purchaseUntaxed;
}

/** The debit lines of one tax group: one per account its lines go to, the group's tax split by their net amounts. */
function groupLines(invoice: CorePurchaseSupplierInvoiceRecordedV1, group: TaxGroup, accounts: AutomaticPostingAccounts, text: string): ExactLine[] {
  const byAccount = new Map<string, Money>();
  for (const index of group.lineIndexes) {
    const account = lineAccount(invoice, index, group, accounts);
    byAccount.set(account, (byAccount.get(account) ?? new Money(0)).plus(invoice.lines[index]?.net_amount ?? 0));
  }
  const entries = [...byAccount.entries()].filter(([, net]) => !net.isZero());
  const taxes = splitByWeight(
    group.tax,
    entries.map(([, net]) => net),
  );
  return entries.map(([account, net], index) => ({ account, side: 'debit', amount: net, taxCode: group.taxCode?.code ?? null, tax: taxes[index], text }));
}

/**
 * A supplier invoice: each line's net amount on the clearing account (received goods), its expense account or
 * the Wareneingang account of its tax code, the input tax as stated (or, for reverse charge and acquisitions,
 * the tax the buyer owes and deducts), against the payable (gross); and a payable open item.
 */
export function planSupplierInvoicePosting(
  invoice: CorePurchaseSupplierInvoiceRecordedV1,
  accounts: AutomaticPostingAccounts,
  findTaxCode: (code: string) => TaxCode | undefined,
): DocumentPosting {
  const date = { field: 'invoice date', value: invoice.invoice_date };
  assertNoProblems(
    headerProblems({ currency: invoice.currency, exchange_rate: invoice.exchange_rate, date, dueDate: invoice.due_date, paymentTerms: invoice.payment_terms }),
  );
  const groups = toTaxGroups(invoice, 'purchase', invoice.supplier.country, findTaxCode);
  const gross = new Money(invoice.totals.gross);
  const text = partnerText(invoice.supplier);
  const header = draftHeader(
    invoice.supplier_invoice_number,
    invoice.invoice_date,
    `Eingangsrechnung ${invoice.supplier_invoice_number} ${invoice.supplier.name}`,
    invoice,
  );
  const debits = groups.flatMap((group) => groupLines(invoice, group, accounts, text));
  return {
    draft: { ...header, lines: [...debits, { account: accounts.payable, side: 'credit', amount: gross, taxCode: null, text }] },
    openItem: {
      kind: 'payable',
      documentType: 'invoice',
      documentId: invoice.supplier_invoice_id.toLowerCase(),
      documentNumber: header.documentRef,
      documentDate: invoice.invoice_date,
      dueDate: invoice.due_date,
      partner: partnerOf(invoice.supplier),
      currency: invoice.currency,
      amount: gross,
      skonto: skontoTermsOf(invoice.payment_terms, invoice.invoice_date),
      taxGroups: groups.map((group) => ({ taxCode: group.taxCode?.code ?? null, gross: group.base.plus(group.statedTax) })),
    },
  };
}
