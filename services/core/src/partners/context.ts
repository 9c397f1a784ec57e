import type { Kysely } from 'kysely';
import type { CoreConfig } from '../config.js';
import type { CoreDb, HistoryVia } from '../db/schema.js';

/** What the customer and supplier operations need besides a transaction. */
export interface PartnerContext {
  readonly db: Kysely<CoreDb>;
  readonly config: CoreConfig;
  /** Makes ids for partners, contacts and addresses. */
  readonly newId: () => string;
}

/** Who makes a change, and the trace it belongs to (carried into events). */
export interface Actor {
  readonly tenantId: string;
  readonly userId: string;
  readonly traceparent: string | undefined;
  readonly via: HistoryVia;
}

/** What an update was based on: `If-Match: *`, or the versions of the ETags the client sent. */
export type Precondition = { any: true } | { any: false; versions: number[] };
