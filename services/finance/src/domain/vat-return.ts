import type { TaxCode, TaxCodeKind } from './chart.js';
import type { AccountTotal } from './hgb-positions.js';
import { formatAmount, Money, sum, ZERO } from './money.js';

/** The movements of one account under one tax code over a return's periods: its base lines or its tax lines. */
export interface TaxMovement {
  readonly taxCode: string;
  readonly account: string;
  /** True for the tax lines the code generated, false for the lines carrying the base. */
  readonly taxLine: boolean;
  readonly debit: string;
  readonly credit: string;
}

/** One field of the UStVA: a base (Bemessungsgrundlage), a tax, or both where the form computes the tax itself. */
export interface VatReturnRow {
  readonly kz: string;
  readonly label: string;
  readonly base: string | null;
  readonly tax: string | null;
}

export interface VatByTaxCode {
  readonly code: string;
  readonly kind: TaxCodeKind;
  readonly base: string;
  readonly outputTax: string;
  readonly inputTax: string;
}

/** Tax posted straight to a tax account, without a tax code: in Kz 83, but in no other Kennzahl. */
export interface UncodedTax {
  readonly account: string;
  readonly name: string;
  readonly kind: 'output' | 'input';
  readonly amount: string;
}

export interface VatReturn {
  readonly rows: readonly VatReturnRow[];
  readonly byTaxCode: readonly VatByTaxCode[];
  readonly uncodedTax: readonly UncodedTax[];
  /** Output tax including output tax posted without a code. */
  readonly outputTax: string;
  /** Deductible input tax including input tax posted without a code. */
  readonly inputTax: string;
  /** Kz 83: positive is payable to the tax office, negative is a refund. */
  readonly payable: string;
}

const LABELS: Readonly<Record<string, string>> = {
  '81': 'Steuerpflichtige Umsätze zum Steuersatz von 19 %',
  '86': 'Steuerpflichtige Umsätze zum Steuersatz von 7 %',
  '41': 'Innergemeinschaftliche Lieferungen (§ 4 Nr. 1 Buchst. b UStG) an Abnehmer mit USt-IdNr.',
  '43': 'Weitere steuerfreie Umsätze mit Vorsteuerabzug (z. B. Ausfuhrlieferungen)',
  '48': 'Steuerfreie Umsätze ohne Vorsteuerabzug (§ 4 Nr. 8 bis 29 UStG)',
  '89': 'Steuerpflichtige innergemeinschaftliche Erwerbe zum Steuersatz von 19 %',
  '93': 'Steuerpflichtige innergemeinschaftliche Erwerbe zum Steuersatz von 7 %',
  '46': 'Sonstige Leistungen eines im übrigen Gemeinschaftsgebiet ansässigen Unternehmers (§ 13b Abs. 1 UStG)',
  '47': 'Steuer zu Kz 46',
  '84': 'Andere Leistungen, für die der Leistungsempfänger die Steuer schuldet (§ 13b Abs. 2 UStG)',
  '85': 'Steuer zu Kz 84',
  '60': 'Übrige steuerpflichtige Umsätze, für die der Leistungsempfänger die Steuer nach § 13b Abs. 5 UStG schuldet',
  '21': 'Nicht steuerbare sonstige Leistungen gem. § 18b Satz 1 Nr. 2 UStG',
  '45': 'Übrige nicht steuerbare Umsätze (Leistungsort nicht im Inland)',
  '66': 'Vorsteuerbeträge aus Rechnungen von anderen Unternehmern (§ 15 Abs. 1 Satz 1 Nr. 1 UStG)',
  '61': 'Vorsteuerbeträge aus dem innergemeinschaftlichen Erwerb von Gegenständen (§ 15 Abs. 1 Satz 1 Nr. 3 UStG)',
  '67': 'Vorsteuerbeträge aus Leistungen im Sinne des § 13b UStG (§ 15 Abs. 1 Satz 1 Nr. 4 UStG)',
  '83': 'Verbleibende Umsatzsteuer-Vorauszahlung bzw. verbleibender Überschuss',
};
// The order of the fields on the form; Kennzahlen of custom tax codes follow by number.
const FORM_ORDER = ['81', '86', '41', '43', '48', '89', '93', '46', '47', '84', '85', '60', '21', '45', '66', '61', '67'];

/** Sales-side codes carry their base on the credit side; purchase-side codes on the debit side. */
const creditBase = (kind: TaxCodeKind) => kind === 'output' || kind === 'exempt';

interface Field {
  base: Money | null;
  tax: Money | null;
}

function add(fields: Map<string, Field>, kz: string | null, part: 'base' | 'tax', amount: Money): void {
  if (kz === null) return;
  const field = fields.get(kz) ?? { base: null, tax: null };
  field[part] = (field[part] ?? ZERO).plus(amount);
  fields.set(kz, field);
}

function byCode(code: TaxCode, movements: readonly TaxMovement[]): VatByTaxCode {
  const own = movements.filter((movement) => movement.taxCode === code.code);
  const net = (movement: TaxMovement) => new Money(movement.credit).minus(movement.debit);
  const base = sum(own.filter((movement) => !movement.taxLine).map(net));
  const taxOn = (account: string | null) => sum(own.filter((movement) => movement.taxLine && movement.account === account).map(net));
  return {
    code: code.code,
    kind: code.kind,
    base: formatAmount(creditBase(code.kind) ? base : base.negated()),
    outputTax: formatAmount(taxOn(code.outputTaxAccount)),
    inputTax: formatAmount(taxOn(code.inputTaxAccount).negated()),
  };
}

function uncoded(taxCodes: readonly TaxCode[], movements: readonly TaxMovement[], accounts: readonly AccountTotal[]): UncodedTax[] {
  const output = new Set(taxCodes.map((code) => code.outputTaxAccount).filter((account) => account !== null));
  const input = new Set(taxCodes.map((code) => code.inputTaxAccount).filter((account) => account !== null && !output.has(account)));
  return accounts.flatMap((account): UncodedTax[] => {
    const kind = output.has(account.account) ? 'output' : input.has(account.account) ? 'input' : null;
    if (kind === null) return [];
    const coded = sum(
      movements
        .filter((movement) => movement.taxLine && movement.account === account.account)
        .map((movement) => new Money(movement.credit).minus(movement.debit)),
    );
    const rest = new Money(account.credit).minus(account.debit).minus(coded);
    const amount = kind === 'output' ? rest : rest.negated();
    return amount.isZero() ? [] : [{ account: account.account, name: account.name, kind, amount: formatAmount(amount) }];
  });
}

const formOrder = (kz: string) => {
  const index = FORM_ORDER.indexOf(kz);
  return index >= 0 ? index : FORM_ORDER.length + Number(kz);
};

/**
 * The figures of the UStVA for a return's periods, from the movements per tax code (base and tax lines) and the
 * tax accounts' totals. Each code adds its base to its base Kennzahl and its tax to its tax Kennzahlen; where
 * the form computes the tax of a base field itself (Kz 81, 86, 89, 93), the row shows the ledger's tax beside
 * the base. Kz 83 is all output tax less all input tax, read from the tax accounts, so tax posted to a tax
 * account without a code (a manual correction) counts there too and is listed on its own.
 */
export function toVatReturn(taxCodes: readonly TaxCode[], movements: readonly TaxMovement[], accounts: readonly AccountTotal[]): VatReturn {
  const fields = new Map<string, Field>();
  const codes = taxCodes.map((code) => ({ code, figures: byCode(code, movements) }));
  for (const { code, figures } of codes) {
    const [base, outputTax, inputTax] = [new Money(figures.base), new Money(figures.outputTax), new Money(figures.inputTax)];
    if (!base.isZero()) add(fields, code.ustvaBaseKz, 'base', base);
    if (!outputTax.isZero()) add(fields, code.ustvaOutputTaxKz ?? code.ustvaBaseKz, 'tax', outputTax);
    if (!inputTax.isZero()) add(fields, code.ustvaInputTaxKz, 'tax', inputTax);
  }
  const uncodedTax = uncoded(taxCodes, movements, accounts);
  const extra = (kind: 'output' | 'input') => sum(uncodedTax.filter((item) => item.kind === kind).map((item) => new Money(item.amount)));
  const outputTax = sum(codes.map(({ figures }) => new Money(figures.outputTax))).plus(extra('output'));
  const inputTax = sum(codes.map(({ figures }) => new Money(figures.inputTax))).plus(extra('input'));
  const payable = outputTax.minus(inputTax);
  const rows = [...fields.entries()]
    .sort(([left], [right]) => formOrder(left) - formOrder(right))
    .map(([kz, field]) => ({
      kz,
      label: LABELS[kz] ?? `Kennzahl ${kz}`,
      base: field.base === null ? null : formatAmount(field.base),
      tax: field.tax === null ? null : formatAmount(field.tax),
    }));
  return {
    rows: [...rows, { kz: '83', label: LABELS['83'] ?? '', base: null, tax: formatAmount(payable) }],
    byTaxCode: codes.map(({ figures }) => figures).filter((figures) => [figures.base, figures.outputTax, figures.inputTax].some((value) => value !== '0.00')),
    uncodedTax,
    outputTax: formatAmount(outputTax),
    inputTax: formatAmount(inputTax),
    payable: formatAmount(payable),
  };
}
