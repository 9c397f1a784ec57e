import type { GrpcCandidateEntry, GrpcDraftEntry, GrpcOutgoing } from '@erp/contracts';
import { Money, sum } from '../domain/money.js';
import type { EntryWithLines } from '../ledger/journal.js';

const DESCRIPTION_MAX = 1000;

/**
 * A draft as ai scores it: the lines the draft would post, generated tax lines included, in euro (the
 * currency ai's ledger keeps), with its author and the time it was written. Undefined for a draft without
 * saved lines (one written around the service), which there is nothing to score of.
 */
export function draftCandidate({ entry, lines }: EntryWithLines): GrpcOutgoing<GrpcCandidateEntry> | undefined {
  if (lines.length < 2) return undefined;
  const positions = new Map(lines.map((line, index) => [line.lineNo, index + 1]));
  return {
    id: entry.id,
    posting_date: entry.posting_date,
    document_ref: entry.document_ref,
    description: entry.description,
    created_by: entry.created_by,
    created_at: entry.created_at.toISOString(),
    lines: lines.map((line) => ({
      account: line.account,
      debit: line.debitBase,
      credit: line.creditBase,
      tax_code: line.taxCode ?? '',
      tax_of: line.taxOf === null ? 0 : (positions.get(line.taxOf) ?? 0),
      text: line.text ?? '',
    })),
  };
}

/** A draft in words for posting suggestions: its description and line texts, and its gross amount in euro. */
export function draftDescription({ entry, lines }: EntryWithLines): GrpcOutgoing<GrpcDraftEntry> {
  const texts = lines.map((line) => line.text ?? '').filter((text) => text !== '' && text !== entry.description);
  const description = [entry.description, ...new Set(texts)].join(' ').replace(/\s+/g, ' ').trim().slice(0, DESCRIPTION_MAX);
  const gross = sum(lines.map((line) => new Money(line.debitBase)));
  return { description, ...(gross.greaterThan(0) ? { amount: gross.toFixed(2) } : {}) };
}
