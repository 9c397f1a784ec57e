import type { Kysely } from 'kysely';
import { allHistory, type HistoryEntry } from '../db/partner-history.js';
import type { CoreDb } from '../db/schema.js';
import type { PartnerRole } from '../domain/number-series.js';
import type { Partner } from '../domain/partner.js';
import { getPartner } from './write-partner.js';

/** Everything the core service holds about a customer or supplier (GDPR Art. 15 and 20). */
export interface GdprExport {
  exported_at: string;
  /** Why the data is held and how long, in the words of the privacy notice. */
  purposes: string[];
  partner: Partner;
  history: HistoryEntry[];
}

const PURPOSES = [
  'Master data of a business partner, processed to perform contracts with them (Art. 6 Abs. 1 lit. b GDPR).',
  'Tax identifiers, addresses and payment terms are also processed to meet bookkeeping and tax duties (Art. 6 Abs. 1 lit. c GDPR; §§145-147 AO, §14 UStG).',
  'The change history records who changed what and when, as the GoBD require of bookkeeping-relevant master data.',
  'Copies in events sent to other services of this system (finance, reporting) carry the same data except the notes.',
];

/** The partner with its whole change history, oldest entry first. */
export async function exportPartner(db: Kysely<CoreDb>, tenantId: string, role: PartnerRole, id: string, now: Date): Promise<GdprExport> {
  const partner = await getPartner(db, tenantId, role, id);
  return { exported_at: now.toISOString(), purposes: PURPOSES, partner, history: await allHistory(db, tenantId, id) };
}
