import type { Language } from '../../intelligence/language.js';
import type { AssistantToolResult, TurnFinish } from '../events.js';
import type { RefusalReason } from '../intent/safety.js';
import { say } from '../tools/wording.js';

const CAPABILITIES: Readonly<Record<Language, readonly string[]>> = {
  de: [
    '„Wie hoch ist der Kontostand?“ (Bank und Kasse, oder „Saldo Konto 1200“)',
    '„Offene Posten von Müller“, „überfällige Rechnungen“, „Altersstruktur der Forderungen“',
    '„Lagerbestand von Bohrmaschine“',
    '„Suche Kunde Müller“',
    '„Summen- und Saldenliste 2026“, „GuV 2026“, „Bilanz 2026“',
    '„Liquiditätsprognose für 8 Wochen“, „Auffälligkeiten in den Buchungen“',
    '„Buchungsentwurf 119 EUR Bürobedarf“ (optional mit „Soll 4930 Haben 1200“): ich lege nur Entwürfe an, gebucht wird von dir im Finanzmodul',
  ],
  en: [
    '"What is our bank balance?" (bank and cash, or "balance of account 1200")',
    '"show open items of Müller", "overdue invoices", "aging of receivables"',
    '"stock level of drill"',
    '"find customer Müller"',
    '"trial balance 2026", "profit and loss 2026", "balance sheet 2026"',
    '"liquidity forecast for 8 weeks", "unusual entries"',
    '"create a draft entry 119 EUR office supplies" (optionally "debit 4930 credit 1200"): I only create drafts; you post them in finance',
  ],
};

const bullets = (lines: readonly string[]) => lines.map((line) => `- ${line}`).join('\n');

export function helpAnswer(language: Language): string {
  return `${say(language, 'Ich kann zum Beispiel:', 'I can, for example, answer:')}\n${bullets(CAPABILITIES[language])}`;
}

export function unknownAnswer(language: Language): string {
  return `${say(language, 'Das habe ich nicht verstanden.', 'I did not understand that.')} ${helpAnswer(language)}`;
}

const REFUSALS: Readonly<Record<RefusalReason, readonly [string, string]>> = {
  post: [
    'Buchen kann ich nicht: Ich lese Daten und lege höchstens Buchungsentwürfe an. Gebucht wird von dir im Finanzmodul, nachdem du den Entwurf geprüft hast.',
    'I cannot post entries: I read data and at most create draft entries. You post a draft yourself in finance after checking it.',
  ],
  delete: [
    'Löschen kann ich nichts: Ich lese nur Daten und lege höchstens Buchungsentwürfe an.',
    'I cannot delete anything: I only read data and at most create draft entries.',
  ],
  change: [
    'Ändern oder stornieren kann ich nichts: Ich lese nur Daten und lege höchstens Buchungsentwürfe an.',
    'I cannot change or reverse anything: I only read data and at most create draft entries.',
  ],
  pay: [
    'Zahlungen kann ich nicht auslösen: Ich lese nur Daten und lege höchstens Buchungsentwürfe an.',
    'I cannot make payments: I only read data and at most create draft entries.',
  ],
  injection: [
    'Dieser Anweisung folge ich nicht. Meine Regeln stehen fest: Ich lese Daten und lege Buchungsentwürfe an, immer mit deinen eigenen Rechten.',
    'I will not follow that instruction. My rules are fixed: I read data and create draft entries, always with your own rights.',
  ],
  privilege: [
    'Ich handle immer mit deinen eigenen Rechten (deiner Anmeldung) und nur in deinem Mandanten. Andere Rechte, Tokens oder Mandanten kann ich nicht verwenden.',
    'I always act with your own rights (your sign-in) and only in your company. I cannot use other rights, tokens or companies.',
  ],
};

export function refusalAnswer(reason: RefusalReason, language: Language): string {
  const [german, english] = REFUSALS[reason];
  return say(language, german, english);
}

/** A refused or failed tool call in plain words, with what the service said. */
export function failureAnswer(result: AssistantToolResult, language: Language): string {
  if (result.status === 403) {
    return say(
      language,
      `Dafür fehlt dir die Berechtigung. Der Dienst antwortete: ${result.summary}`,
      `You lack the permission for this. The service answered: ${result.summary}`,
    );
  }
  if (result.status === 401) {
    return say(language, `Deine Anmeldung wurde nicht angenommen: ${result.summary}`, `Your sign-in was not accepted: ${result.summary}`);
  }
  return say(language, `Das hat nicht geklappt: ${result.summary}`, `That did not work: ${result.summary}`);
}

const STOPPED: Readonly<Record<Exclude<TurnFinish, 'answered'>, readonly [string, string]>> = {
  'step-limit': [
    'Ich habe nach der erlaubten Zahl von Schritten aufgehört; die Antwort kann unvollständig sein.',
    'I stopped after the allowed number of steps; the answer may be incomplete.',
  ],
  'tool-call-limit': [
    'Ich habe nach der erlaubten Zahl von Abfragen aufgehört; die Antwort kann unvollständig sein.',
    'I stopped after the allowed number of lookups; the answer may be incomplete.',
  ],
  'time-limit': [
    'Die Zeit für diese Antwort ist abgelaufen; die Antwort kann unvollständig sein.',
    'The time for this answer ran out; the answer may be incomplete.',
  ],
};

/** Why a turn stopped before its answer was complete. */
export function stoppedAnswer(reason: Exclude<TurnFinish, 'answered'>, language: Language): string {
  const [german, english] = STOPPED[reason];
  return say(language, german, english);
}
