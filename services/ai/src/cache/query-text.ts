import { isStopword, words } from '../providers/local/text-features.js';
import { guardTopic, isGuardWord } from './guard-terms.js';
import { normalisePhrases } from './guard-vocabulary.js';
import { CANONICAL_WORDS, FILLER_WORDS } from './query-vocabulary.js';

// The built-in embedding is lexical: it sees shared words, not meaning. For it, a question is reduced to its
// topic words: request phrasing ("show me", "zeig mir", "could you"), numbers and the guarded modifiers (dates,
// periods, comparisons: the guard compares those exactly, see guard-terms.ts) are dropped; a small dictionary of
// ERP vocabulary maps English and German synonyms to one word and splits German compounds of its words, so
// "unpaid bills of Müller GmbH" and "offene Rechnungen von Müller GmbH" come out alike. A remote embedding
// model gets the question as it was asked.

// English and German endings, longest first; both sides of a comparison are cut the same way.
const ENDINGS = ['ations', 'ation', 'ating', 'ungen', 'ated', 'ates', 'ings', 'ions', 'ung', 'ate', 'ing', 'ion', 'ies', 'ed', 'en', 'er', 'es', 'e', 'n', 's'];

function stem(word: string): string {
  const bare = word.replace(/['’]s?$/u, '');
  for (const ending of ENDINGS) if (bare.endsWith(ending) && bare.length - ending.length >= 4) return bare.slice(0, -ending.length);
  return bare;
}

const canonicalOf = (word: string) => CANONICAL_WORDS.get(word) ?? CANONICAL_WORDS.get(stem(word));

/** A German compound of two dictionary words ("Liquiditätsprognose"), with or without the linking s. */
function splitCompound(word: string): string[] | undefined {
  for (let cut = 4; cut <= word.length - 4; cut += 1) {
    const head = word.slice(0, cut);
    const tail = canonicalOf(word.slice(cut));
    const left = canonicalOf(head) ?? (head.endsWith('s') ? canonicalOf(head.slice(0, -1)) : undefined);
    if (left && tail) return [left, tail];
  }
  return undefined;
}

function topicWords(word: string): string[] {
  const canonical = canonicalOf(word);
  if (canonical) return [canonical];
  const topic = guardTopic(word);
  if (topic) return [topic];
  if (/\p{N}/u.test(word) || FILLER_WORDS.has(word) || isStopword(word) || isGuardWord(word)) return [];
  if (word.includes('-')) return word.split('-').flatMap(topicWords);
  return splitCompound(word) ?? [stem(word)];
}

/**
 * The topic words of a question for a lexical embedding: no numbers, fillers, stop words or guarded modifiers;
 * synonyms folded, compounds split, endings cut.
 */
export function lexicalQueryText(text: string): string {
  return words(normalisePhrases(text.normalize('NFKC').toLowerCase()))
    .flatMap(topicWords)
    .join(' ');
}
