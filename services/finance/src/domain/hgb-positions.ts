import type { AccountType } from './chart.js';

/** The leaf positions of the P&L by the nature-of-expense method (HGB § 275 Abs. 2) an account can be placed in. */
export const PROFIT_AND_LOSS_KEYS = [
  'revenue',
  'inventory_change',
  'own_work_capitalised',
  'other_operating_income',
  'materials',
  'purchased_services',
  'wages_and_salaries',
  'social_security',
  'depreciation',
  'current_asset_write_downs',
  'other_operating_expenses',
  'participation_income',
  'securities_income',
  'interest_income',
  'financial_asset_write_downs',
  'interest_expense',
  'income_taxes',
  'other_taxes',
] as const;
export type ProfitAndLossKey = (typeof PROFIT_AND_LOSS_KEYS)[number];

/** The leaf positions of the balance sheet (HGB § 266) an account can be placed in. */
export const BALANCE_SHEET_KEYS = [
  'intangible_assets',
  'tangible_assets',
  'financial_assets',
  'inventories',
  'trade_receivables',
  'other_assets',
  'securities',
  'cash',
  'prepaid_expenses',
  'subscribed_capital',
  'capital_reserve',
  'revenue_reserves',
  'retained_earnings',
  'opening_balance_accounts',
  'pension_provisions',
  'tax_provisions',
  'other_provisions',
  'bank_liabilities',
  'advance_payments_received',
  'trade_payables',
  'other_liabilities',
  'deferred_income',
] as const;
export type BalanceSheetKey = (typeof BALANCE_SHEET_KEYS)[number];

/** One node of a statement's layout: a position with its HGB number and German label, and its sub-positions. */
export interface LayoutNode {
  readonly number: string;
  readonly key: string;
  readonly label: string;
  readonly children?: readonly LayoutNode[];
}

/** How a P&L position enters the result: income adds, expense subtracts, a total sums what stands above it. */
export type Effect = 'add' | 'subtract' | 'total';

export interface ProfitAndLossNode extends LayoutNode {
  readonly effect: Effect;
}

const leaf = (number: string, key: ProfitAndLossKey | BalanceSheetKey, label: string): LayoutNode => ({ number, key, label });

/** HGB § 275 Abs. 2 in the wording since BilRUG; items 5 to 7 have their lettered sub-items. */
export const PROFIT_AND_LOSS_LAYOUT: readonly ProfitAndLossNode[] = [
  { ...leaf('1', 'revenue', 'Umsatzerlöse'), effect: 'add' },
  { ...leaf('2', 'inventory_change', 'Erhöhung oder Verminderung des Bestands an fertigen und unfertigen Erzeugnissen'), effect: 'add' },
  { ...leaf('3', 'own_work_capitalised', 'andere aktivierte Eigenleistungen'), effect: 'add' },
  { ...leaf('4', 'other_operating_income', 'sonstige betriebliche Erträge'), effect: 'add' },
  {
    number: '5',
    key: 'cost_of_materials',
    label: 'Materialaufwand',
    effect: 'subtract',
    children: [
      leaf('5a', 'materials', 'Aufwendungen für Roh-, Hilfs- und Betriebsstoffe und für bezogene Waren'),
      leaf('5b', 'purchased_services', 'Aufwendungen für bezogene Leistungen'),
    ],
  },
  {
    number: '6',
    key: 'personnel_expenses',
    label: 'Personalaufwand',
    effect: 'subtract',
    children: [
      leaf('6a', 'wages_and_salaries', 'Löhne und Gehälter'),
      leaf('6b', 'social_security', 'soziale Abgaben und Aufwendungen für Altersversorgung und für Unterstützung'),
    ],
  },
  {
    number: '7',
    key: 'write_downs',
    label: 'Abschreibungen',
    effect: 'subtract',
    children: [
      leaf('7a', 'depreciation', 'auf immaterielle Vermögensgegenstände des Anlagevermögens und Sachanlagen'),
      leaf(
        '7b',
        'current_asset_write_downs',
        'auf Vermögensgegenstände des Umlaufvermögens, soweit diese die in der Kapitalgesellschaft üblichen Abschreibungen überschreiten',
      ),
    ],
  },
  { ...leaf('8', 'other_operating_expenses', 'sonstige betriebliche Aufwendungen'), effect: 'subtract' },
  { ...leaf('9', 'participation_income', 'Erträge aus Beteiligungen'), effect: 'add' },
  { ...leaf('10', 'securities_income', 'Erträge aus anderen Wertpapieren und Ausleihungen des Finanzanlagevermögens'), effect: 'add' },
  { ...leaf('11', 'interest_income', 'sonstige Zinsen und ähnliche Erträge'), effect: 'add' },
  { ...leaf('12', 'financial_asset_write_downs', 'Abschreibungen auf Finanzanlagen und auf Wertpapiere des Umlaufvermögens'), effect: 'subtract' },
  { ...leaf('13', 'interest_expense', 'Zinsen und ähnliche Aufwendungen'), effect: 'subtract' },
  { ...leaf('14', 'income_taxes', 'Steuern vom Einkommen und vom Ertrag'), effect: 'subtract' },
  { number: '15', key: 'result_after_taxes', label: 'Ergebnis nach Steuern', effect: 'total' },
  { ...leaf('16', 'other_taxes', 'sonstige Steuern'), effect: 'subtract' },
  { number: '17', key: 'net_income', label: 'Jahresüberschuss/Jahresfehlbetrag', effect: 'total' },
];

/** The computed equity position that carries the current result until the year is closed. */
export const NET_INCOME_KEY = 'net_income';

/** HGB § 266 Abs. 2 (Aktiva) as far as a small company needs it. */
export const ASSETS_LAYOUT: readonly LayoutNode[] = [
  {
    number: 'A',
    key: 'fixed_assets',
    label: 'Anlagevermögen',
    children: [
      leaf('A.I', 'intangible_assets', 'Immaterielle Vermögensgegenstände'),
      leaf('A.II', 'tangible_assets', 'Sachanlagen'),
      leaf('A.III', 'financial_assets', 'Finanzanlagen'),
    ],
  },
  {
    number: 'B',
    key: 'current_assets',
    label: 'Umlaufvermögen',
    children: [
      leaf('B.I', 'inventories', 'Vorräte'),
      {
        number: 'B.II',
        key: 'receivables',
        label: 'Forderungen und sonstige Vermögensgegenstände',
        children: [
          leaf('B.II.1', 'trade_receivables', 'Forderungen aus Lieferungen und Leistungen'),
          leaf('B.II.4', 'other_assets', 'sonstige Vermögensgegenstände'),
        ],
      },
      leaf('B.III', 'securities', 'Wertpapiere'),
      leaf('B.IV', 'cash', 'Kassenbestand, Bundesbankguthaben, Guthaben bei Kreditinstituten und Schecks'),
    ],
  },
  leaf('C', 'prepaid_expenses', 'Rechnungsabgrenzungsposten'),
];

/** HGB § 266 Abs. 3 (Passiva); the Saldenvortragskonten are shown in equity, where they net to zero once opened. */
export const EQUITY_AND_LIABILITIES_LAYOUT: readonly LayoutNode[] = [
  {
    number: 'A',
    key: 'equity',
    label: 'Eigenkapital',
    children: [
      leaf('A.I', 'subscribed_capital', 'Gezeichnetes Kapital bzw. Kapitalanteile'),
      leaf('A.II', 'capital_reserve', 'Kapitalrücklage'),
      leaf('A.III', 'revenue_reserves', 'Gewinnrücklagen'),
      leaf('A.IV', 'retained_earnings', 'Gewinnvortrag/Verlustvortrag'),
      { number: 'A.V', key: NET_INCOME_KEY, label: 'Jahresüberschuss/Jahresfehlbetrag' },
      leaf('A.–', 'opening_balance_accounts', 'Saldenvortragskonten (nach vollständiger Eröffnung null)'),
    ],
  },
  {
    number: 'B',
    key: 'provisions',
    label: 'Rückstellungen',
    children: [
      leaf('B.1', 'pension_provisions', 'Rückstellungen für Pensionen und ähnliche Verpflichtungen'),
      leaf('B.2', 'tax_provisions', 'Steuerrückstellungen'),
      leaf('B.3', 'other_provisions', 'sonstige Rückstellungen'),
    ],
  },
  {
    number: 'C',
    key: 'liabilities',
    label: 'Verbindlichkeiten',
    children: [
      leaf('C.2', 'bank_liabilities', 'Verbindlichkeiten gegenüber Kreditinstituten'),
      leaf('C.3', 'advance_payments_received', 'erhaltene Anzahlungen auf Bestellungen'),
      leaf('C.4', 'trade_payables', 'Verbindlichkeiten aus Lieferungen und Leistungen'),
      leaf('C.8', 'other_liabilities', 'sonstige Verbindlichkeiten'),
    ],
  },
  leaf('D', 'deferred_income', 'Rechnungsabgrenzungsposten'),
];

/** The summed movements of one account over a report's periods, in euro. */
export interface AccountTotal {
  readonly account: string;
  readonly name: string;
  readonly type: AccountType;
  readonly debit: string;
  readonly credit: string;
}

/** An account's share of a position, signed the way the position reads (income and assets positive). */
export interface AccountAmount {
  readonly account: string;
  readonly name: string;
  readonly amount: string;
}

/** A position of a statement with its amount, the accounts placed in it, and its sub-positions. */
export interface StatementPosition {
  readonly number: string;
  readonly key: string;
  readonly label: string;
  readonly amount: string;
  readonly accounts: readonly AccountAmount[];
  readonly children: readonly StatementPosition[];
}
