import type { Intent } from './parse-intent.js';
import { wordStart, words } from './patterns.js';
import { findAccounts, findAmount, findDate, type Span, without } from './slots.js';

const DRAFT = wordStart('entwurf|entwürf|draft|buchungsentwurf');
const CREATE_ENTRY = new RegExp(
  `${words('create|make|add|new|record|enter|prepare|erstelle|erstellen|lege|anlegen|erfasse|erfassen|neue[nr]?|buche|buchen|book').source}.{0,60}?${wordStart('entry|journal entry|booking|buchung|buchungssatz|beleg').source}`,
  'iu',
);

const LEADING = new RegExp(
  `^(?:${['for|für|fuer|of|über|ueber|as|als|with|mit|text|description|beschreibung|betreff|zweck|purpose|re|am|on|dated|vom|per|zum', '[:\\-–,;]'].join('|')})(?:\\s+|$)`,
  'iu',
);
const TRAILING =
  /(?:^|\s+)(?:an|am|on|dated|vom|per|zum|please|bitte|as\s+an?\s+draft|as\s+draft|als\s+entwurf|entwurf|draft|anlegen|erstellen|erfassen|buchen|[:\-–,;.!?])$/iu;
const COMMANDS = words(
  'create|make|add|new|record|enter|prepare|an?|the|draft|entry|journal|booking|please|erstelle|erstellen|lege|anlegen|einen?|neuen?|neue|buchungsentwurf|entwurf|buchung|buchungssatz|für|fuer|über|ueber|bitte|als|mit|den|dem|die|der|das|buche|buchen|book|erfasse|erfassen|of|for|with|amount|betrag|von|me|mir|uns|us|i|ich|we|wir|want|möchte|need|brauche|would|like|could|you|can|kannst|du|sie|einer|am|on|dated|vom|per|zum',
  'g',
);

function cleanDescription(text: string): string | undefined {
  let description = text.replace(/\s+/gu, ' ').trim();
  for (let round = 0; round < 8; round += 1) {
    const before = description;
    description = description.replace(LEADING, '').replace(TRAILING, '').trim();
    if (description === before) break;
  }
  return description.length > 0 ? description.slice(0, 200) : undefined;
}

function descriptionOf(text: string, amountSpan: Span | undefined): string | undefined {
  if (!amountSpan) return cleanDescription(text.replace(COMMANDS, ' '));
  return cleanDescription(text.slice(amountSpan.end)) ?? cleanDescription(text.slice(0, amountSpan.start).replace(COMMANDS, ' '));
}

/**
 * A wish for a draft journal entry: "create a draft entry 119 EUR office supplies", "Lege einen Buchungsentwurf
 * über 119,00 € für Bürobedarf an", optionally with accounts ("Soll 4930 Haben 1200", "4930 an 1200") and a date.
 */
export function draftIntent(text: string): Intent | undefined {
  if (!DRAFT.test(text) && !CREATE_ENTRY.test(text)) return undefined;
  const accounts = findAccounts(text);
  const date = findDate(text);
  const taken = [...accounts.spans, ...(date ? [date.span] : [])];
  const amount = findAmount(without(text, taken), taken);
  const rest = without(text, [...taken, ...(amount ? [amount.span] : [])]);
  const description = descriptionOf(rest, amount?.span);
  return {
    kind: 'create_draft',
    currency: amount?.currency ?? 'EUR',
    ...(amount ? { amount: amount.amount } : {}),
    ...(description ? { description } : {}),
    ...(accounts.debit ? { debit: accounts.debit } : {}),
    ...(accounts.credit ? { credit: accounts.credit } : {}),
    ...(date ? { date: date.day } : {}),
  };
}
