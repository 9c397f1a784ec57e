import type { LedgerLine } from './entry.js';

/** The hash before the first entry of a fiscal year's chain. */
export const GENESIS_HASH = '0'.repeat(64);

/** The version of the canonical form below; stored with each entry so the form can evolve. */
export const SEAL_VERSION = 1;

/** A posted entry as its seal covers it. Every value is the canonical text the database returns. */
export interface SealedEntry {
  readonly tenantId: string;
  readonly id: string;
  readonly fiscalYear: number;
  readonly number: number;
  readonly postingDate: string;
  readonly documentDate: string;
  readonly documentRef: string;
  readonly description: string;
  readonly currency: string;
  readonly exchangeRate: string;
  readonly reversalOf: string | null;
  /** ISO 8601 with milliseconds, UTC. */
  readonly postedAt: string;
  readonly postedBy: string;
  readonly lines: readonly LedgerLine[];
}

/** JSON with object keys sorted at every level and no whitespace (the RFC 8785 form for our value types). */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([left], [right]) => (left < right ? -1 : left > right ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * The canonical text of an entry and its lines (ordered by line number) that its seal hashes. A line's
 * `cost_center_2` (the second cost-centre dimension, added after the first entries were sealed) enters the text
 * only when it is set, so every seal made before it existed stays valid under the same version.
 */
export function canonicalEntry(entry: SealedEntry): string {
  const lines = [...entry.lines]
    .sort((left, right) => left.lineNo - right.lineNo)
    .map((line) => ({
      account: line.account,
      cost_center: line.costCenter,
      ...(line.costCenter2 ? { cost_center_2: line.costCenter2 } : {}),
      credit: line.credit,
      credit_base: line.creditBase,
      debit: line.debit,
      debit_base: line.debitBase,
      line_no: line.lineNo,
      tax_code: line.taxCode,
      tax_of: line.taxOf,
      text: line.text,
    }));
  return canonicalJson({
    v: SEAL_VERSION,
    tenant_id: entry.tenantId,
    id: entry.id,
    fiscal_year: entry.fiscalYear,
    number: entry.number,
    posting_date: entry.postingDate,
    document_date: entry.documentDate,
    document_ref: entry.documentRef,
    description: entry.description,
    currency: entry.currency,
    exchange_rate: entry.exchangeRate,
    reversal_of: entry.reversalOf,
    posted_at: entry.postedAt,
    posted_by: entry.postedBy,
    lines,
  });
}

/** An entry as its seal covers it before the counter gives it a number and a posting time. */
export type UnnumberedEntry = Omit<SealedEntry, 'number' | 'postedAt'>;

/**
 * The canonical text of an entry in three pieces around its number and posting time, which the database fills
 * in under the counter lock: `canonicalEntry(entry) === head + number + middle + postedAt + tail`. The two
 * keys are neighbours in the sorted form, and a key of the form never occurs inside a string value (whose
 * quotes are escaped), so the split is unambiguous.
 */
export function sealTemplate(entry: UnnumberedEntry): { head: string; middle: string; tail: string } {
  const marker = '"number":0,"posted_at":""';
  const text = canonicalEntry({ ...entry, number: 0, postedAt: '' });
  const at = text.indexOf(marker);
  if (at < 0 || text.includes(marker, at + 1)) throw new Error('The canonical form has no single number and posting time to fill in');
  return { head: `${text.slice(0, at)}"number":`, middle: ',"posted_at":"', tail: `"${text.slice(at + marker.length)}` };
}

/** Computes a SHA-256 hex digest; the caller supplies it, so this module stays free of I/O and Node APIs. */
export type Digest = (text: string) => string;

/** The seal of an entry: SHA-256 over the previous entry's seal followed by the entry's canonical text. */
export function sealOf(previousHash: string, entry: SealedEntry, digest: Digest): string {
  return digest(previousHash + canonicalEntry(entry));
}

/**
 * What verification found wrong: a number missing from the sequence, an entry that does not point at its
 * predecessor's seal, an entry whose content no longer matches its seal, a counter whose head is not the
 * last seal, a posted entry beyond the counter, or a seal of a canonical form this code does not know.
 */
export type ChainFault = 'number_gap' | 'previous_hash_mismatch' | 'hash_mismatch' | 'head_mismatch' | 'unsealed_entry' | 'unknown_seal_version';

/** An entry as stored, with its stored seal, for verification. */
export interface StoredSeal {
  readonly entry: SealedEntry;
  readonly previousHash: string;
  readonly hash: string;
}

/**
 * Checks one link of the chain: the entry must carry the expected number, point at the expected previous
 * seal, and its stored seal must equal the one recomputed from its current content.
 */
export function checkLink(expectedNumber: number, expectedPrevious: string, stored: StoredSeal, digest: Digest): ChainFault | undefined {
  if (stored.entry.number !== expectedNumber) return 'number_gap';
  if (stored.previousHash !== expectedPrevious) return 'previous_hash_mismatch';
  return sealOf(stored.previousHash, stored.entry, digest) === stored.hash ? undefined : 'hash_mismatch';
}
