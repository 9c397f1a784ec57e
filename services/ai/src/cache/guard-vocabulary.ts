// The English and German words whose change changes the answer. Synonyms share a term (unpaid, outstanding
// and offen are all st:open), so a paraphrase that swaps them still matches. The lists were written together
// with the labelled set in services/ai/eval/semantic-cache.json.

/**
 * A word pattern, the terms it stands for (space-separated), and whether it counts only before a number
 * within three words ("over 5000" compares; "an overview" does not). The first pattern that applies wins.
 */
export const GUARD_WORDS: readonly (readonly [RegExp, string, boolean])[] = [
  [/^(above|over|exceeding|exceeds|greater|more|higher|larger|über|mehr|höher|größer|oberhalb)$/u, 'cmp:gt', true],
  [/^(below|under|less|lower|smaller|fewer|unter|weniger|niedriger|kleiner|unterhalb)$/u, 'cmp:lt', true],
  [/^(least|mindestens|minimum)$/u, 'cmp:ge', true],
  [/^(most|höchstens|maximal|maximum)$/u, 'cmp:le', true],
  [/^(between|zwischen)$/u, 'cmp:between', true],
  [/^(largest|biggest|highest|top|most|maximum|max|größte[nmrs]?|höchste[nmrs]?|meiste[nmrs]?|maximal)$/u, 'ext:max', false],
  [/^(smallest|lowest|least|bottom|minimum|min|kleinste[nmrs]?|niedrigste[nmrs]?|geringste[nmrs]?|wenigste[nmrs]?|minimal)$/u, 'ext:min', false],
  [/^(not|no|never|without|none|nothing|neither|nor|nicht|kein|keine[nmrs]?|ohne|nie|niemals|nichts)$/u, 'neg', false],
  [/^(open|unpaid|outstanding|unsettled|offen|offene[nmrs]?|unbezahlte?[nmrs]?|ausstehende?[nmrs]?|unbeglichene?[nmrs]?)$/u, 'st:open', false],
  [/^(paid|settled|cleared|bezahlte?[nmrs]?|beglichene?[nmrs]?|ausgeglichene?[nmrs]?)$/u, 'st:paid', false],
  [/^(overdue|late|delinquent|überfällige?[nmrs]?|verspätete?[nmrs]?|säumige?[nmrs]?)$/u, 'st:overdue', false],
  [/^(draft|drafts|entwurf|entwürfe|entwurfs)$/u, 'st:draft', false],
  [/^(posted|booked|gebucht|gebuchte[nmrs]?)$/u, 'st:posted', false],
  [/^(reversed|reversal|reversals|cancelled|canceled|storniert|stornierte[nmrs]?|storno|stornos|stornierung|stornierungen)$/u, 'st:reversed', false],
  [/^(partial|partially|partly|teilweise|teilbezahlte?[nmrs]?)$/u, 'st:partial', false],
  [/^(incoming|inbound|eingehend|eingang)/u, 'dir:in', false],
  [/^(outgoing|outbound|ausgehend|ausgang)/u, 'dir:out', false],
  [/^(receivable|receivables|forderung|debitor)/u, 'side:receivable', false],
  [/^(payable|payables|verbindlichkeit|kreditor)/u, 'side:payable', false],
  [/^(debit|debits|debited|sollseite|lastschrift|lastschriften)$/u, 'side:debit', false],
  [/^(credit|credits|credited|habenseite)$/u, 'side:credit', false],
  [
    /^(revenue|revenues|sales|turnover|income|receipts|inflow|inflows|umsatz|umsätze|umsatzerlöse|erlös|erlöse|einnahmen|einzahlungen|zuflüsse)$/u,
    'flow:in',
    false,
  ],
  [/^(expense|expenses|cost|costs|spending|outflow|outflows|aufwand|aufwände|aufwendungen|kosten|ausgaben|auszahlungen|abflüsse)$/u, 'flow:out', false],
  [/^(today|tonight|heute|heutigen?)$/u, 'rel:today', false],
  [/^(yesterday|gestern|gestrigen?)$/u, 'rel:yesterday', false],
  [/^(tomorrow|morgen|morgigen?)$/u, 'rel:tomorrow', false],
  [/^(ytd)$/u, 'rel:ytd per:year', false],
  [/^vormonat/u, 'rel:last per:month', false],
  [/^vorjahr/u, 'rel:last per:year', false],
  [/^vorquartal/u, 'rel:last per:quarter', false],
  [/^vorwoche/u, 'rel:last per:week', false],
  [/^folgemonat/u, 'rel:next per:month', false],
  [/^geschäftsjahr/u, 'per:year', false],
  [/^(first|erste[nmrs]?)$/u, 'ord:1', false],
  [/^(second|zweite[nmrs]?)$/u, 'ord:2', false],
  [/^(third|dritte[nmrs]?)$/u, 'ord:3', false],
  [/^(fourth|vierte[nmrs]?)$/u, 'ord:4', false],
  [/^(monday|montag)$/u, 'weekday:1', false],
  [/^(tuesday|dienstag)$/u, 'weekday:2', false],
  [/^(wednesday|mittwoch)$/u, 'weekday:3', false],
  [/^(thursday|donnerstag)$/u, 'weekday:4', false],
  [/^(friday|freitag)$/u, 'weekday:5', false],
  [/^(saturday|samstag|sonnabend)$/u, 'weekday:6', false],
  [/^(sunday|sonntag)$/u, 'weekday:7', false],
  [/^(usd|dollar|dollars)$/u, 'cur:usd', false],
  [/^(chf|franken|franc|francs)$/u, 'cur:chf', false],
  [/^(gbp|pound|pounds|pfund)$/u, 'cur:gbp', false],
  [/^(percent|percentage|prozent)$/u, 'unit:percent', false],
];

/** Words that start a period: "monthly", "Monatsende" and "months" are all per:month. */
export const PERIOD_PREFIXES: readonly (readonly [string, string])[] = [
  ['daily', 'per:day'],
  ['day', 'per:day'],
  ['täglich', 'per:day'],
  ['week', 'per:week'],
  ['woche', 'per:week'],
  ['wöchentlich', 'per:week'],
  ['month', 'per:month'],
  ['monat', 'per:month'],
  ['quarter', 'per:quarter'],
  ['quartal', 'per:quarter'],
  ['year', 'per:year'],
  ['annual', 'per:year'],
  ['jahr', 'per:year'],
  ['jährlich', 'per:year'],
];

/** "last", "this" and "next" and their German forms: guarded only when a period word follows within three words. */
export const RELATIVE_WORDS: ReadonlyMap<string, string> = new Map([
  ...['this', 'current', 'diesen', 'dieses', 'diese', 'dieser', 'diesem', 'aktuellen', 'aktuelle', 'aktuellem', 'aktueller', 'aktuelles']
    .concat(['laufenden', 'laufende', 'laufendes', 'laufender'])
    .map((word) => [word, 'rel:this'] as const),
  ...['last', 'previous', 'prior', 'past', 'vorigen', 'voriges', 'vorige', 'voriger', 'letzten', 'letzte', 'letztes', 'letzter']
    .concat(['vergangenen', 'vergangene', 'vergangenes', 'vergangener'])
    .map((word) => [word, 'rel:last'] as const),
  ...['next', 'coming', 'upcoming', 'following', 'nächsten', 'nächste', 'nächstes', 'nächster', 'kommenden', 'kommende', 'kommendes']
    .concat(['folgenden', 'folgende', 'folgendes'])
    .map((word) => [word, 'rel:next'] as const),
]);

/**
 * Phrases read as one word before anything else: "profit and loss", "P&L" and "GuV" are one report, and "sales
 * tax" is a tax, not sales.
 */
const PHRASES: readonly (readonly [RegExp, string])[] = [
  [/\b(profit (and|&) loss( statement| account| report)?|p ?& ?l|gewinn- und verlustrechnung|guv)\b/gu, 'pnl'],
  [/\b(trial balance|summen- und saldenliste|susa)\b/gu, 'trialbalance'],
  [/\bbalance sheet\b/gu, 'balancesheet'],
  [/\bcost cent(re|er)s?\b/gu, 'costcentre'],
  [/\b(cash ?flows?|cash position)\b/gu, 'liquidity'],
  [/\b(sales tax|value[- ]added tax)\b/gu, 'vat'],
  [/\bpast[- ]due\b/gu, 'overdue'],
  [/\bfalls? due\b/gu, 'due'],
  [/\bapproval limits?\b/gu, 'approvallimit'],
  [/\bone[- ]off\b/gu, 'oneoff'],
  [/\b(right now|at the moment|at present)\b/gu, ' '],
];

/** The text (lower case) with the phrases of {@link PHRASES} replaced. */
export function normalisePhrases(text: string): string {
  return PHRASES.reduce((current, [pattern, replacement]) => current.replace(pattern, replacement), text);
}
