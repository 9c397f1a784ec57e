import { createHash, randomUUID } from 'node:crypto';
import { type CloudEvent, FINANCE_EVENT_TYPES, type FinanceEntryPostedV1 } from '@erp/contracts';
import { createPgBossTransport } from '@erp/kit';

/** A counterparty of the bench company: who is paid, for what, on which expense account (SKR03), and about how much. */
interface Counterparty {
  readonly name: string;
  readonly purpose: string;
  readonly account: string;
  readonly grossCents: number;
}

const COUNTERPARTIES: readonly Counterparty[] = [
  { name: 'Telekom Deutschland GmbH', purpose: 'Mobilfunk Rechnung', account: '4920', grossCents: 11_900 },
  { name: 'Vodafone GmbH', purpose: 'Internet Festnetz', account: '4920', grossCents: 5_990 },
  { name: 'Stadtwerke München', purpose: 'Strom Abschlag', account: '4240', grossCents: 23_800 },
  { name: 'Immobilien Huber KG', purpose: 'Miete Büro', account: '4210', grossCents: 238_000 },
  { name: 'Office Partner GmbH', purpose: 'Büromaterial Bestellung', account: '4930', grossCents: 14_280 },
  { name: 'Allianz Versicherungs-AG', purpose: 'Betriebshaftpflicht Beitrag', account: '4360', grossCents: 89_000 },
  { name: 'DATEV eG', purpose: 'Software Lizenz', account: '4964', grossCents: 17_850 },
  { name: 'Deutsche Bahn AG', purpose: 'Bahnticket Dienstreise', account: '4670', grossCents: 12_940 },
  { name: 'Lufthansa', purpose: 'Flug Messe', account: '4670', grossCents: 48_900 },
  { name: 'Aral Tankstelle', purpose: 'Tankquittung Firmenwagen', account: '4530', grossCents: 8_750 },
  { name: 'Google Ireland Ltd', purpose: 'Google Ads Kampagne', account: '4600', grossCents: 59_500 },
  { name: 'Steuerberatung Klein', purpose: 'Buchhaltung Honorar', account: '4955', grossCents: 107_100 },
  { name: 'Amazon EU S.a.r.l.', purpose: 'Bestellung Zubehör', account: '4985', grossCents: 4_999 },
  { name: 'Deutsche Post AG', purpose: 'Porto Briefmarken', account: '4910', grossCents: 2_380 },
  { name: 'IHK München', purpose: 'Beitrag Kammer', account: '4380', grossCents: 31_000 },
  { name: 'Hotel Adler', purpose: 'Übernachtung Kundentermin', account: '4660', grossCents: 21_400 },
];

const cents = (value: number) => (value / 100).toFixed(2);

function entryOf(index: number, counterparty: Counterparty): FinanceEntryPostedV1 {
  // Two years of history, the amounts varying by a few percent around the usual one.
  const day = new Date(Date.UTC(2024, 0, 1) + (index % 730) * 86_400_000).toISOString().slice(0, 10);
  const gross = Math.round(counterparty.grossCents * (0.95 + ((index * 37) % 11) / 100));
  const net = Math.round(gross / 1.19);
  const text = `${counterparty.name} ${counterparty.purpose} ${day.slice(0, 7)}`;
  const line = (lineNo: number, account: string, debit: number, credit: number, taxCode: string | null, taxOf: number | null) => ({
    line_no: lineNo,
    account,
    debit: cents(debit),
    credit: cents(credit),
    debit_base: cents(debit),
    credit_base: cents(credit),
    tax_code: taxCode,
    tax_of: taxOf,
    text,
  });
  return {
    entry_id: randomUUID(),
    fiscal_year: Number(day.slice(0, 4)),
    period: Number(day.slice(5, 7)),
    number: index + 1,
    posting_date: day,
    document_date: day,
    document_ref: `RE-${index + 1}`,
    description: text,
    currency: 'EUR',
    exchange_rate: '1.000000',
    reversal_of: null,
    posted_at: `${day}T09:00:00.000Z`,
    posted_by: 'bench',
    hash: createHash('sha256').update(String(index)).digest('hex'),
    lines: [line(1, counterparty.account, net, 0, 'VSt19', null), line(2, '1576', gross - net, 0, null, 1), line(3, '1200', 0, gross, null, null)],
  };
}

/** `count` posted bank payments of the bench company's counterparties, as finance publishes them. */
export function benchLedgerEvents(tenantId: string, count: number): CloudEvent<FinanceEntryPostedV1>[] {
  return Array.from({ length: count }, (_, index) => {
    const data = entryOf(index, COUNTERPARTIES[index % COUNTERPARTIES.length] as Counterparty);
    return {
      specversion: '1.0',
      id: randomUUID(),
      source: '/erp/finance',
      type: FINANCE_EVENT_TYPES.entryPosted,
      time: data.posted_at,
      subject: data.entry_id,
      datacontenttype: 'application/json',
      tenantid: tenantId,
      data,
    };
  });
}

/** Bank transactions of the same counterparties, as the suggestion figure asks for their postings. */
export function benchBankTransactions(): Record<string, unknown>[] {
  return COUNTERPARTIES.map((counterparty, index) => ({
    kind: 'bank_transaction',
    counterparty: counterparty.name,
    purpose: `${counterparty.purpose} 2026-0${(index % 9) + 1}`,
    amount: `-${cents(counterparty.grossCents)}`,
    date: '2026-04-02',
  }));
}

const silent = { info: () => {}, warn: () => {}, error: () => {} };

/** Publishes the events into the stack's Postgres queue, where the ai service's ledger consumer takes them. */
export async function publishLedger(databaseUrl: string, events: readonly CloudEvent[]): Promise<void> {
  const transport = await createPgBossTransport({ url: databaseUrl, logger: silent });
  try {
    for (const event of events) await transport.publish(event);
  } finally {
    await transport.close();
  }
}
