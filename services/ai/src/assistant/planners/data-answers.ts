import { Decimal } from 'decimal.js';
import type { Language } from '../../intelligence/language.js';
import { formatQuantity } from '../tools/core-tools.js';
import { formatMoney, say } from '../tools/wording.js';

// The tools' data as the templates read it; lists may have been cut (capJson), so each is read with a default.
type Row = Record<string, string>;
const rows = (data: unknown, key: string): Row[] => {
  const value = (data as Record<string, unknown> | null)?.[key];
  return Array.isArray(value) ? (value as Row[]) : [];
};
const field = (data: unknown, key: string): string => String((data as Record<string, unknown> | null)?.[key] ?? '');
const eur = (amount: string, language: Language) => formatMoney(amount || '0', 'EUR', language);
const LIST_MAX = 10;

export function balanceAnswer(data: unknown, language: Language): string {
  const accounts = rows(data, 'accounts');
  const period = say(
    language,
    `Geschäftsjahr ${field(data, 'fiscal_year')}, bis Periode ${field(data, 'period_to')}`,
    `fiscal year ${field(data, 'fiscal_year')}, to period ${field(data, 'period_to')}`,
  );
  if (field(data, 'scope') === 'account') {
    const account = accounts[0];
    if (!account) return say(language, `Auf diesem Konto gibt es keine Buchungen (${period}).`, `This account has no postings (${period}).`);
    return say(
      language,
      `Konto ${account.account} (${account.name}) hat einen Saldo von ${eur(account.balance ?? '0', language)} (${period}; positiv heißt Soll).`,
      `Account ${account.account} (${account.name}) has a balance of ${eur(account.balance ?? '0', language)} (${period}; positive means debit).`,
    );
  }
  if (accounts.length === 0)
    return say(
      language,
      `Auf Bank- und Kassenkonten gibt es noch keine Buchungen (${period}).`,
      `There are no postings on bank or cash accounts yet (${period}).`,
    );
  const lines = accounts.map((account) => `- ${account.account} ${account.name}: ${eur(account.balance ?? '0', language)}`).join('\n');
  return `${say(language, `Der Kontostand von Bank und Kasse beträgt ${eur(field(data, 'total'), language)} (${period}):`, `The bank and cash balance is ${eur(field(data, 'total'), language)} (${period}):`)}\n${lines}`;
}

function openItemLine(item: Row, language: Language): string {
  const amount = formatMoney(item.open_amount ?? '0', item.currency ?? 'EUR', language);
  const days = Number(item.days_overdue ?? 0);
  const overdue = days > 0 ? say(language, `, ${days} Tage überfällig`, `, ${days} days overdue`) : '';
  return `- ${item.document_number} ${item.partner}: ${amount}, ${say(language, 'fällig', 'due')} ${item.due_date}${overdue}`;
}

export function openItemsAnswer(data: unknown, language: Language, partner: string | undefined): string {
  const items = rows(data, 'items');
  const count = Number(field(data, 'count') || 0);
  const who = partner ? say(language, ` von ${partner}`, ` of ${partner}`) : '';
  if (count === 0) return say(language, `Es gibt keine offenen Posten${who}.`, `There are no open items${who}.`);
  const totals = rows(data, 'totals')
    .map((total) => formatMoney(total.open_amount ?? '0', total.currency ?? 'EUR', language))
    .join(', ');
  const overdue = items.filter((item) => Number(item.days_overdue ?? 0) > 0).length;
  const more = field(data, 'more') === 'true' ? say(language, ' (es gibt noch weitere)', ' (there are more)') : '';
  const head = say(
    language,
    `${count} offene Posten${who}${more}, zusammen ${totals}, davon ${overdue} überfällig:`,
    `${count} open item(s)${who}${more}, ${totals} in total, ${overdue} of them overdue:`,
  );
  const shown = items.slice(0, LIST_MAX).map((item) => openItemLine(item, language));
  const rest = count > shown.length ? `\n${say(language, `… und ${count - shown.length} weitere.`, `… and ${count - shown.length} more.`)}` : '';
  return `${head}\n${shown.join('\n')}${rest}`;
}

export function agingAnswer(data: unknown, language: Language): string {
  const kind = field(data, 'kind') === 'payable' ? say(language, 'Verbindlichkeiten', 'payables') : say(language, 'Forderungen', 'receivables');
  const totals = rows(data, 'totals');
  if (totals.length === 0) return say(language, `Am ${field(data, 'at')} sind keine ${kind} offen.`, `No ${kind} are open on ${field(data, 'at')}.`);
  const buckets = totals.map((total) => {
    const money = (key: string) => formatMoney(total[key] ?? '0', total.currency ?? 'EUR', language);
    return say(
      language,
      `- nicht fällig ${money('not_due')}, 1–30 Tage ${money('overdue_1_30')}, 31–60 Tage ${money('overdue_31_60')}, 61–90 Tage ${money('overdue_61_90')}, über 90 Tage ${money('overdue_over_90')}; gesamt ${money('total')}`,
      `- not due ${money('not_due')}, 1-30 days ${money('overdue_1_30')}, 31-60 days ${money('overdue_31_60')}, 61-90 days ${money('overdue_61_90')}, over 90 days ${money('overdue_over_90')}; total ${money('total')}`,
    );
  });
  const largest = rows(data, 'largest')
    .slice(0, 5)
    .map((row) => `- ${row.partner}: ${formatMoney(row.total ?? '0', row.currency ?? 'EUR', language)}`);
  const head = say(language, `Altersstruktur der ${kind} am ${field(data, 'at')}:`, `Aging of ${kind} on ${field(data, 'at')}:`);
  const top = largest.length > 0 ? `\n${say(language, 'Größte Posten:', 'Largest:')}\n${largest.join('\n')}` : '';
  return `${head}\n${buckets.join('\n')}${top}`;
}

export function stockAnswer(data: unknown, product: Row, language: Language): string {
  const quantity = (key: string) => `${formatQuantity(field(data, key) || '0', language)} ${field(data, 'unit')}`.trim();
  return say(
    language,
    `${product.title} (${product.number}): ${quantity('available')} verfügbar, ${quantity('on_hand')} am Lager, ${quantity('reserved')} reserviert, ${quantity('incoming')} im Zulauf.`,
    `${product.title} (${product.number}): ${quantity('available')} available, ${quantity('on_hand')} on hand, ${quantity('reserved')} reserved, ${quantity('incoming')} incoming.`,
  );
}

const TYPE_NAMES: Readonly<Record<string, readonly [string, string]>> = {
  customer: ['Kunde', 'customer'],
  supplier: ['Lieferant', 'supplier'],
  product: ['Artikel', 'product'],
};

export function searchAnswer(data: unknown, query: string, language: Language): string {
  const items = rows(data, 'items');
  if (items.length === 0) return say(language, `Zu „${query}“ habe ich nichts gefunden.`, `I found nothing for "${query}".`);
  const lines = items.slice(0, LIST_MAX).map((item) => {
    const [german, english] = TYPE_NAMES[item.type ?? ''] ?? [item.type ?? '', item.type ?? ''];
    return `- ${say(language, german, english)} ${item.number}: ${item.title}`;
  });
  return `${say(language, `Treffer für „${query}“:`, `Results for "${query}":`)}\n${lines.join('\n')}`;
}

export function forecastAnswer(data: unknown, language: Language): string {
  const recommendations = ((data as Record<string, unknown> | null)?.recommendations as string[] | undefined) ?? [];
  const head = say(
    language,
    `Liquiditätsprognose über ${field(data, 'horizon_weeks')} Wochen ab ${field(data, 'as_of')}: heute ${eur(field(data, 'opening_balance'), language)}, am Ende ${eur(field(data, 'end_balance'), language)}, Tiefststand ${eur(field(data, 'lowest_balance'), language)} (Woche bis ${field(data, 'lowest_week_end')}).`,
    `Liquidity forecast over ${field(data, 'horizon_weeks')} weeks from ${field(data, 'as_of')}: today ${eur(field(data, 'opening_balance'), language)}, at the end ${eur(field(data, 'end_balance'), language)}, lowest ${eur(field(data, 'lowest_balance'), language)} (week to ${field(data, 'lowest_week_end')}).`,
  );
  const advice = recommendations.length > 0 ? `\n${recommendations.map((text) => `- ${text}`).join('\n')}` : '';
  return `${head}\n${field(data, 'summary')}${advice}`;
}

export function anomaliesAnswer(data: unknown, language: Language): string {
  const findings = rows(data, 'findings');
  const range = `${field(data, 'from')} – ${field(data, 'to')}`;
  const checked = field(data, 'entries_checked');
  if (findings.length === 0) return say(language, `Keine Auffälligkeiten in ${checked} Buchungen (${range}).`, `No findings in ${checked} entries (${range}).`);
  const head = say(
    language,
    `${field(data, 'findings_total')} Auffälligkeit(en) in ${checked} Buchungen (${range}), die stärksten:`,
    `${field(data, 'findings_total')} finding(s) in ${checked} entries (${range}), the strongest:`,
  );
  return `${head}\n${findings
    .slice(0, 5)
    .map((finding) => `- ${finding.reason}`)
    .join('\n')}`;
}

export function trialBalanceAnswer(data: unknown, language: Language): string {
  const totals = ((data as Record<string, unknown> | null)?.totals ?? {}) as Row;
  const accounts = rows(data, 'rows').filter((row) => !new Decimal(row.balance ?? '0').isZero());
  const head = say(
    language,
    `Summen- und Saldenliste ${field(data, 'fiscal_year')} bis Periode ${field(data, 'period_to')}: ${field(data, 'accounts')} Konten, Soll ${eur(totals.debit ?? '0', language)}, Haben ${eur(totals.credit ?? '0', language)}.`,
    `Trial balance ${field(data, 'fiscal_year')} to period ${field(data, 'period_to')}: ${field(data, 'accounts')} accounts, debits ${eur(totals.debit ?? '0', language)}, credits ${eur(totals.credit ?? '0', language)}.`,
  );
  const lines = accounts.slice(0, 15).map((row) => `- ${row.account} ${row.name}: ${eur(row.balance ?? '0', language)}`);
  return lines.length > 0 ? `${head}\n${lines.join('\n')}` : head;
}

const positionLines = (positions: readonly Row[], language: Language) =>
  positions
    .filter((position) => !new Decimal(position.amount ?? '0').isZero())
    .slice(0, LIST_MAX)
    .map((position) => `- ${position.number} ${position.label}: ${eur(position.amount ?? '0', language)}`);

export function profitAndLossAnswer(data: unknown, language: Language): string {
  const head = say(
    language,
    `GuV ${field(data, 'fiscal_year')} (Perioden ${field(data, 'from_period')}–${field(data, 'to_period')}): Ergebnis ${eur(field(data, 'result'), language)}.`,
    `Profit and loss ${field(data, 'fiscal_year')} (periods ${field(data, 'from_period')}-${field(data, 'to_period')}): result ${eur(field(data, 'result'), language)}.`,
  );
  const lines = positionLines(rows(data, 'positions'), language);
  return lines.length > 0 ? `${head}\n${lines.join('\n')}` : head;
}

export function balanceSheetAnswer(data: unknown, language: Language): string {
  const balanced = field(data, 'balanced') === 'true';
  const check = balanced ? '' : say(language, ' Achtung: Aktiva und Passiva stimmen nicht überein.', ' Note: assets and liabilities do not agree.');
  return say(
    language,
    `Bilanz zum ${field(data, 'date')}: Aktiva ${eur(field(data, 'assets_total'), language)}, Passiva ${eur(field(data, 'equity_and_liabilities_total'), language)}, Jahresergebnis ${eur(field(data, 'net_income'), language)}.${check}`,
    `Balance sheet at ${field(data, 'date')}: assets ${eur(field(data, 'assets_total'), language)}, equity and liabilities ${eur(field(data, 'equity_and_liabilities_total'), language)}, net income ${eur(field(data, 'net_income'), language)}.${check}`,
  );
}

export function draftAnswer(data: unknown, language: Language): string {
  const lines = rows(data, 'lines').map((line) => {
    const side = new Decimal(line.debit ?? '0').isZero()
      ? say(language, `Haben ${eur(line.credit ?? '0', language)}`, `credit ${eur(line.credit ?? '0', language)}`)
      : say(language, `Soll ${eur(line.debit ?? '0', language)}`, `debit ${eur(line.debit ?? '0', language)}`);
    return `- ${line.account}: ${side}${line.tax_code ? ` (${line.tax_code})` : ''}`;
  });
  const head = say(
    language,
    `Ich habe den Buchungsentwurf „${field(data, 'description')}“ über ${eur(field(data, 'amount'), language)} zum ${field(data, 'posting_date')} angelegt (Beleg ${field(data, 'document_ref')}, Id ${field(data, 'id')}). Er ist nicht gebucht: Prüfe ihn und buche ihn im Finanzmodul.`,
    `I created the draft entry "${field(data, 'description')}" of ${eur(field(data, 'amount'), language)} dated ${field(data, 'posting_date')} (voucher ${field(data, 'document_ref')}, id ${field(data, 'id')}). It is not posted: check it and post it in finance.`,
  );
  return `${head}\n${lines.join('\n')}`;
}
