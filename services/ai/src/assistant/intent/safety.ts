import { words } from './patterns.js';

/** Why a request is refused: the assistant reads and creates drafts, with the user's own rights, and nothing else. */
export type RefusalReason = 'injection' | 'privilege' | 'delete' | 'change' | 'post' | 'pay';

const OBJECTS =
  'customers?|suppliers?|products?|articles?|entry|entries|accounts?|prices?|invoices?|orders?|stock|inventory|records?|data|users?|roles?|permissions?|tenants?|kunden?|lieferant(?:en)?|artikel|produkte?|buchung(?:en)?|buchungssätze|konten|konto|preise?|rechnung(?:en)?|aufträge|auftrag|bestand|bestände|lagerbestand|daten|benutzer|rollen?|rechte|mandant(?:en)?';

const RULES: readonly { reason: RefusalReason; patterns: readonly RegExp[] }[] = [
  {
    reason: 'injection',
    patterns: [
      /ignor[\p{L}]*[^\p{L}]+(?:[\p{L}]+[^\p{L}]+){0,5}?(?:instructions?|anweisungen|regeln|rules|prompts?|vorgaben|guidelines|richtlinien)/iu,
      words('(?:previous|prior|above|earlier|system|hidden)\\s+(?:instructions?|prompts?|rules)'),
      words('(?:vorherigen?|bisherigen?|obigen?|früheren?)\\s+(?:anweisungen|regeln|vorgaben)'),
      words('system\\s*-?\\s*prompt|jailbreak|developer\\s+mode|dan\\s+mode|do anything now'),
      words('(?:vergiss|forget)\\s+(?:\\w+\\s+){0,3}(?:anweisungen|instructions|rules|regeln)'),
    ],
  },
  {
    reason: 'privilege',
    patterns: [
      words(
        '(?:admin|administrator|root|service|system|master|super(?:user)?|god)[\\s-]*(?:token|key|schlüssel|rights|rechte|privileges?|zugang|access|mode|modus|role|rolle)',
      ),
      words('(?:als|as)\\s+(?:an?\\s+|der\\s+)?(?:admin|administrator|root|superuser|service)'),
      words('(?:another|other|different|anderen?|fremden?|fremder)\\s+(?:user|tenant|company|companies|mandant(?:en)?|benutzers?|firma|firmen)'),
      words('impersonate|sudo|escalate|elevate|bypass|umgehe|umgehen'),
      words('bearer|jwt|access[\\s-]?token|zugriffstoken|api[\\s-]?key|api-schlüssel|passwor(?:d|t)'),
    ],
  },
  {
    reason: 'delete',
    patterns: [
      words('delete|remove|erase|wipe|purge|destroy|truncate|lösche|löschen|loesche|loeschen|entferne|entfernen|vernichte|vernichten'),
      words('drop\\s+(?:table|database|schema|all)'),
    ],
  },
  {
    reason: 'pay',
    patterns: [
      words(
        'pay\\s+(?:the|this|that|all|an?|invoices?|suppliers?|\\d)|bezahle|zahle\\s+(?:die|den|das|alle|\\d)|überweise|ueberweise|transfer\\s+(?:\\d|money|funds|geld)|wire\\s+(?:\\d|money|funds)',
      ),
    ],
  },
  {
    reason: 'change',
    patterns: [
      new RegExp(
        `${words('update|modify|edit|overwrite|rename|change|increase|decrease|adjust|reverse|cancel|void|storniere|ändere|aendere|bearbeite|überschreibe|erhöhe|senke|korrigiere').source}.{0,40}?${words(OBJECTS).source}`,
        'iu',
      ),
      new RegExp(
        `${words(OBJECTS).source}.{0,40}?${words('ändern|aendern|bearbeiten|anpassen|korrigieren|erhöhen|senken|überschreiben|stornieren|umbenennen').source}`,
        'iu',
      ),
      words('storniere|stornieren|reverse\\s+(?:the|this|that|an?|all)'),
    ],
  },
];

const POSTING = words('post|festschreiben|festschreibe|schreibe\\s+\\w+\\s+fest|commit\\s+(?:the|this)\\s+entry');
const BOOKING = words('buche|buchen|verbuche|verbuchen|book');
// "Buche … als Entwurf" asks for a draft; "Buche den Entwurf 42" asks to post one.
const AS_DRAFT = words('als\\s+(?:buchungs)?entwurf|as\\s+(?:an?\\s+)?draft|im\\s+entwurf');

/**
 * Whether the request asks for something the assistant may not do: acting with other rights or against its
 * instructions, deleting, changing, paying, or posting. Booking "as a draft" (German "buche … als Entwurf")
 * is the one booking wish it fulfils; posting is never done, whatever the wording.
 */
export function refusalReason(text: string): RefusalReason | undefined {
  for (const rule of RULES) if (rule.patterns.some((pattern) => pattern.test(text))) return rule.reason;
  if (POSTING.test(text)) return 'post';
  if (BOOKING.test(text) && !AS_DRAFT.test(text)) return 'post';
  return undefined;
}
