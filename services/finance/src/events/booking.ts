import type { Transaction } from 'kysely';
import type { TSchema } from 'typebox';
import type { FinanceDb } from '../db/schema.js';
import type { ChartName } from '../domain/chart.js';
import type { Actor, LedgerContext } from '../ledger/context.js';

/** How the finance service books one type of event. */
export interface EventBooking<Data> {
  readonly type: string;
  /** The contract of the event's data; an event that breaks it is parked as invalid. */
  readonly schema: TSchema;
  /** The document the event books; each document is booked once, whichever event brings it. */
  documentId(data: Data): string;
  /** The document this one needs first (a credit note's invoice); its booking retries the events parked for it. */
  relatedDocumentId(data: Data): string | null;
  /** Posts the document inside `trx` and returns the entry's id; throws a catalogue error when it cannot. */
  book(trx: Transaction<FinanceDb>, context: LedgerContext, actor: Actor, data: Data, chart: ChartName): Promise<string>;
}
