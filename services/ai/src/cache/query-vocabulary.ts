// The vocabulary of the lexical question text (query-text.ts): request phrasing to drop, and English and
// German words of accounting to fold into one word each. Written together with the tuning pairs of the
// labelled set in services/ai/eval/semantic-cache.json; the holdout pairs were written after it was frozen.

/** Words that say how to ask, not what: they leave the text. */
export const FILLER_WORDS: ReadonlySet<string> = new Set(
  (
    'please bitte show list display give tell let know need want see get find fetch provide create make made me us you can could would ' +
    'will shall kindly may might zeig zeige zeigen zeigt liste listen gib gibt nenne nennen mir uns du sie können könntest kannst würdest ' +
    'möchte möchten brauche erstelle what which whats how much many who is are was were all any each every some alle allen aller jede ' +
    'jeden our my unsere unser unseren unserer meine mein meinen kurz kurze schnell eigentlich also just only nur mal still noch ' +
    'now jetzt currently derzeit momentan look looks like found there here happens happen happened wird werden wurde wurden sein ist sind ' +
    'hoch viel viele voraussichtlich expected expect erwartet erwarteten do does did done have has had habe hat hatten haben'
  )
    .split(' ')
    .filter((word) => word.length > 0),
);

const SYNONYMS: Readonly<Record<string, readonly string[]>> = {
  invoice: ['invoice', 'invoices', 'bill', 'bills', 'rechnung', 'rechnungen', 'faktura', 'beleg', 'belege'],
  customer: ['customer', 'customers', 'client', 'clients', 'kunde', 'kunden', 'kundin'],
  supplier: ['supplier', 'suppliers', 'vendor', 'vendors', 'lieferant', 'lieferanten'],
  payment: ['payment', 'payments', 'pay', 'paying', 'zahlung', 'zahlungen', 'überweisung', 'überweisungen', 'transfer', 'transfers'],
  liquidity: ['liquidity', 'cash', 'liquidität', 'zahlungsmittel', 'liquide', 'flüssige', 'kasse'],
  forecast: ['forecast', 'forecasts', 'projection', 'projections', 'prognose', 'prognosen', 'vorhersage', 'outlook', 'predict', 'prediction'].concat([
    'projected',
    'project',
    'forecasted',
    'prognostiziere',
    'prognostizieren',
  ]),
  balance: ['balance', 'balances', 'saldo', 'salden', 'kontostand', 'stand'],
  account: ['account', 'accounts', 'konto', 'konten', 'sachkonto', 'sachkonten'],
  entry: ['entry', 'entries', 'posting', 'postings', 'buchung', 'buchungen', 'booking', 'bookings', 'journal', 'buchungssatz'],
  anomaly: ['anomaly', 'anomalies', 'anomalie', 'anomalien', 'unusual', 'irregular', 'irregularity', 'irregularities', 'auffälligkeit']
    .concat(['auffälligkeiten', 'auffällig', 'auffällige', 'ungewöhnlich', 'ungewöhnliche', 'outlier', 'outliers', 'suspicious', 'verdächtig'])
    .concat(['verdächtige', 'flagged', 'flag', 'markiert', 'marked']),
  explain: ['explain', 'explanation', 'why', 'reason', 'reasons', 'erkläre', 'erklären', 'erklärung', 'warum', 'weshalb', 'wieso', 'grund'].concat([
    'gründe',
    'cause',
    'causes',
    'behind',
  ]),
  summary: ['summary', 'summarise', 'summarize', 'zusammenfassung', 'zusammenfassen', 'fasse', 'überblick', 'recap', 'overview', 'übersicht'],
  report: ['report', 'reports', 'bericht', 'berichte', 'statement', 'auswertung'],
  vat: ['vat', 'ust', 'umsatzsteuer', 'mehrwertsteuer', 'mwst'],
  owe: ['owe', 'owed', 'liability', 'liabilities', 'schulden', 'schuldet', 'zahllast'],
  total: ['total', 'totals', 'summe', 'gesamt', 'insgesamt', 'gesamtbetrag', 'amount', 'amounts', 'betrag', 'beträge'],
  due: ['due', 'fällig', 'fällige', 'fälligen', 'fälliger', 'fälligkeit', 'fälligkeiten', 'maturity'],
  trend: ['trend', 'trends', 'development', 'entwicklung', 'entwickelt', 'evolution', 'verlauf', 'develop', 'develops'],
  compare: ['compare', 'compared', 'comparison', 'versus', 'vs', 'vergleich', 'vergleiche', 'vergleichen', 'gegenüber'],
  stock: ['stock', 'inventory', 'lager', 'lagerbestand', 'bestand', 'bestände'],
  dunning: ['reminder', 'reminders', 'dunning', 'mahnung', 'mahnungen', 'zahlungserinnerung', 'zahlungserinnerungen'],
  balancesheet: ['balancesheet', 'bilanz'],
  profit: ['profit', 'profits', 'gewinn', 'earnings', 'ergebnis', 'margin', 'marge'],
  shortfall: ['shortfall', 'shortage', 'deficit', 'engpass', 'unterdeckung', 'fehlbetrag', 'short'],
  bank: ['bank', 'banks', 'bankkonto', 'bankkonten'],
  duplicate: ['duplicate', 'duplicates', 'doppelt', 'doppelte', 'dublette', 'dubletten', 'twice'],
  spend: ['spend', 'spent', 'ausgegeben'],
};

/** Each variant and its canonical word. */
export const CANONICAL_WORDS: ReadonlyMap<string, string> = new Map(
  Object.entries(SYNONYMS).flatMap(([canonical, variants]) => variants.map((variant) => [variant, canonical] as const)),
);
