import type { Language } from '../../intelligence/language.js';
import { words } from './patterns.js';

// Function words and ERP words that tell the two languages apart; words both share ("in", "an") are left out.
const GERMAN = words(
  'der|die|das|den|dem|des|ein|eine|einen|einem|ist|sind|wie|was|wer|welche[rsnm]?|zeig|zeige|von|vom|für|fuer|und|mit|auf|bitte|hoch|viel|viele|offene[nrs]?|lege|erstelle|ich|wir|uns|unser|unsere|haben|hat|gibt|es|nicht|im|am|zum|zur|noch|lagerbestand|kontostand|posten|buchung|entwurf|bilanz|prognose|anweisungen|lösche|kunde|kunden|lieferant|lieferanten|über|alle|aller|mir|sie|kannst|du|guv|saldenliste|susa|konto|lager|suche|rechnungen|forderungen|verbindlichkeiten|umsatz|hilfe|altersstruktur',
  'g',
);
const ENGLISH = words(
  'the|is|are|what|how|who|which|show|of|for|and|with|please|much|many|open|item|items|create|make|i|we|us|our|have|has|there|not|on|to|my|balance|stock|entry|draft|forecast|delete|customer|customers|supplier|suppliers|list|find|search|give|me|all|you|can|do|does|trial|sheet|profit|loss|liquidity|aging|invoices|payables|receivables|help|anomalies|unusual',
  'g',
);

/** German or English, by which language's words the text uses more; `fallback` when it cannot tell. */
export function detectLanguage(text: string, fallback: Language): Language {
  const german = (text.match(GERMAN)?.length ?? 0) + (/[äöüß]/iu.test(text) ? 1 : 0);
  const english = text.match(ENGLISH)?.length ?? 0;
  if (german === english) return fallback;
  return german > english ? 'de' : 'en';
}
