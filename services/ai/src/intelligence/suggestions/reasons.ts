import { fill, type Language } from '../language.js';
import type { RankedProposal } from './rank.js';

const TEMPLATES = {
  similar: {
    de: 'Gebucht wie {count} frühere Buchung(en) mit {words}; {similar} ähnliche Belege dahinter.',
    en: 'Posted like {count} earlier entr(ies) with {words}; {similar} similar entries behind it.',
  },
  words: {
    de: 'Gebucht wie {count} frühere Buchung(en) mit {words}.',
    en: 'Posted like {count} earlier entr(ies) with {words}.',
  },
  prior: {
    de: 'Kein früherer Text ähnelt diesem; {count} der gelernten Buchungen haben dieses Kontenpaar.',
    en: 'No earlier text resembles this one; {count} of the learned entries have this account pair.',
  },
  rejected: {
    de: ' Für ähnliche Texte bereits {times}-mal abgelehnt.',
    en: ' Rejected {times} time(s) before for similar texts.',
  },
} as const;

const QUOTES: Readonly<Record<Language, (word: string) => string>> = { de: (word) => `„${word}“`, en: (word) => `"${word}"` };

/** Why a proposal is made, in a sentence a bookkeeper can check: the words and past entries behind it. */
export function proposalReason(proposal: RankedProposal, language: Language): string {
  const words = proposal.matchedTokens
    .filter((token) => !token.startsWith('#'))
    .slice(0, 3)
    .map((token) => QUOTES[language](token.startsWith('iban:') ? token.slice(5) : token));
  const values = { count: proposal.labelEntries, words: words.join(', '), similar: proposal.similarEntryIds.length, times: proposal.rejectedBefore };
  const template = words.length === 0 ? TEMPLATES.prior : proposal.similarEntryIds.length > 0 ? TEMPLATES.similar : TEMPLATES.words;
  const rejected = proposal.rejectedBefore > 0 ? fill(TEMPLATES.rejected[language], values) : '';
  return fill(template[language], values) + rejected;
}
