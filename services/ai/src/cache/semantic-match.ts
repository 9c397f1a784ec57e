import { sameGuardTerms } from './guard-terms.js';

/** A question as the semantic cache compares it: its embedding (unit length) and its guarded terms. */
export interface QuestionKey {
  readonly vector: readonly number[];
  readonly guard: readonly string[];
}

/** The cosine similarity of two vectors; 0 when either is zero or their lengths differ. */
export function cosineSimilarity(left: readonly number[], right: readonly number[]): number {
  if (left.length !== right.length || left.length === 0) return 0;
  let dot = 0;
  let leftNorm = 0;
  let rightNorm = 0;
  for (let index = 0; index < left.length; index += 1) {
    const a = left[index] ?? 0;
    const b = right[index] ?? 0;
    dot += a * b;
    leftNorm += a * a;
    rightNorm += b * b;
  }
  return leftNorm === 0 || rightNorm === 0 ? 0 : dot / Math.sqrt(leftNorm * rightNorm);
}

/**
 * The candidate most similar to the question among those with the same guarded terms, if its similarity
 * reaches `threshold`. A question without topic words (a zero vector) matches nothing: only the exact cache
 * answers it.
 */
export function bestMatch<Candidate extends QuestionKey>(
  question: QuestionKey,
  candidates: readonly Candidate[],
  threshold: number,
): { readonly candidate: Candidate; readonly similarity: number } | undefined {
  let best: { candidate: Candidate; similarity: number } | undefined;
  for (const candidate of candidates) {
    if (!sameGuardTerms(question.guard, candidate.guard)) continue;
    const similarity = cosineSimilarity(question.vector, candidate.vector);
    if (similarity >= threshold && (!best || similarity > best.similarity)) best = { candidate, similarity };
  }
  return best;
}
