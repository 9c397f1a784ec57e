import { sql } from 'kysely';
import { readCounter } from '../db/posting-counter.js';
import { findEntryBeyond, sealedEntries } from '../db/sealed-entries.js';
import { type ChainFault, checkLink, GENESIS_HASH, SEAL_VERSION } from '../domain/entry-seal.js';
import { FiscalYearNotFoundError } from '../errors.js';
import type { LedgerContext } from './context.js';
import { sha256 } from './digest.js';

export interface ChainBreak {
  /** The number where the chain breaks: the entry expected there. */
  number: number;
  /** The entry found there, or null when it is missing. */
  entryId: string | null;
  reason: ChainFault;
}

export interface ChainReport {
  fiscalYear: number;
  intact: boolean;
  entriesChecked: number;
  lastNumber: number;
  headHash: string;
  firstBreak: ChainBreak | null;
}

const BATCH = 500;

/**
 * Recomputes the fiscal year's hash chain from the journal as it is now and reports the first entry where it
 * breaks. It reads one snapshot (repeatable read), so postings committed meanwhile neither appear nor break it.
 */
export async function verifyChain(context: LedgerContext, tenantId: string, year: number): Promise<ChainReport> {
  return context.db
    .transaction()
    .setIsolationLevel('repeatable read')
    .setAccessMode('read only')
    .execute(async (trx) => {
      await sql`select set_config('app.tenant_id', ${tenantId}, true)`.execute(trx);
      const counter = await readCounter(trx, tenantId, year);
      if (!counter) throw new FiscalYearNotFoundError(year);
      const report = (entriesChecked: number, firstBreak: ChainBreak | null): ChainReport => ({
        fiscalYear: year,
        intact: firstBreak === null,
        entriesChecked,
        lastNumber: counter.lastNumber,
        headHash: counter.lastHash,
        firstBreak,
      });
      let previous = GENESIS_HASH;
      let expected = 1;
      while (expected <= counter.lastNumber) {
        const batch = await sealedEntries(trx, tenantId, year, expected, Math.min(expected + BATCH - 1, counter.lastNumber));
        if (batch.length === 0) return report(expected - 1, { number: expected, entryId: null, reason: 'number_gap' });
        for (const stored of batch) {
          const fault = stored.sealVersion === SEAL_VERSION ? checkLink(expected, previous, stored, sha256) : 'unknown_seal_version';
          if (fault) return report(expected - 1, { number: expected, entryId: stored.entry.id, reason: fault });
          previous = stored.hash;
          expected += 1;
        }
      }
      const checked = expected - 1;
      if (previous !== counter.lastHash) return report(checked, { number: counter.lastNumber, entryId: null, reason: 'head_mismatch' });
      const beyond = await findEntryBeyond(trx, tenantId, year, counter.lastNumber);
      if (beyond) return report(checked, { number: beyond.number, entryId: beyond.id, reason: 'unsealed_entry' });
      return report(checked, null);
    });
}
