import { guessLanguage, isStopword, sentences, type TextLanguage, words } from './text-features.js';

/** What the local engine found in a text: its most salient sentences (in their original order) and keywords. */
export interface Extract {
  readonly language: TextLanguage;
  readonly sentences: readonly string[];
  readonly keywords: readonly string[];
}

const KEYWORDS_MAX = 8;
const SENTENCES_MAX = 3;

function termFrequencies(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const word of words(text)) if (!isStopword(word) && word.length > 1) counts.set(word, (counts.get(word) ?? 0) + 1);
  return counts;
}

// A sentence scores by how often its content words occur in the whole text, dampened by its length, so that
// one long sentence does not win by size alone.
function salience(sentence: string, frequencies: Map<string, number>): number {
  const terms = new Set(words(sentence).filter((word) => frequencies.has(word)));
  let score = 0;
  for (const term of terms) score += Math.log(1 + (frequencies.get(term) ?? 0));
  return terms.size === 0 ? 0 : score / Math.sqrt(words(sentence).length);
}

/**
 * Picks the sentences and keywords that carry a text, deterministically: the same text always gives the same
 * extract. Ties go to the earlier sentence and to the alphabetically first keyword.
 */
export function extract(text: string): Extract {
  const frequencies = termFrequencies(text);
  const all = sentences(text);
  const wanted = Math.min(SENTENCES_MAX, Math.max(1, Math.ceil(all.length / 3)));
  const chosen = all
    .map((sentence, index) => ({ sentence, index, score: salience(sentence, frequencies) }))
    .sort((left, right) => right.score - left.score || left.index - right.index)
    .slice(0, wanted)
    .sort((left, right) => left.index - right.index)
    .map((entry) => entry.sentence);
  const keywords = [...frequencies.entries()]
    .sort(([leftWord, leftCount], [rightWord, rightCount]) => rightCount - leftCount || leftWord.localeCompare(rightWord))
    .slice(0, KEYWORDS_MAX)
    .map(([word]) => word);
  return { language: guessLanguage(text), sentences: chosen, keywords };
}

const TEMPLATES: Record<TextLanguage, { heading: string; keywords: string; empty: string }> = {
  en: {
    heading: 'Local engine (extractive, no language model): the most salient sentences of your message are:',
    keywords: 'Key terms:',
    empty: 'Local engine (no language model configured): there is no text to extract from. Configure a language model provider for generated answers.',
  },
  de: {
    heading: 'Lokale Engine (extraktiv, kein Sprachmodell): die aussagekräftigsten Sätze Ihrer Nachricht sind:',
    keywords: 'Schlüsselbegriffe:',
    empty:
      'Lokale Engine (kein Sprachmodell konfiguriert): es gibt keinen Text, aus dem etwas entnommen werden kann. Richten Sie einen Sprachmodell-Anbieter ein, um generierte Antworten zu erhalten.',
  },
};

/** The local engine's plain-text answer: a fixed heading that says what it is, the sentences, the key terms. */
export function extractiveText(found: Extract): string {
  const template = TEMPLATES[found.language];
  if (found.sentences.length === 0) return template.empty;
  const lines = [template.heading, ...found.sentences.map((sentence) => `- ${sentence}`)];
  if (found.keywords.length > 0) lines.push(`${template.keywords} ${found.keywords.join(', ')}`);
  return lines.join('\n');
}

/** The local engine's JSON answer, for requests that ask for a JSON object. */
export function extractiveJson(found: Extract): string {
  return JSON.stringify({ engine: 'local', method: 'extractive', language: found.language, sentences: found.sentences, keywords: found.keywords });
}
