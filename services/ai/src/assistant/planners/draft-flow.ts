import type { AssistantEvent } from '../events.js';
import type { Intent } from '../intent/parse-intent.js';
import { say } from '../tools/wording.js';
import { draftAnswer } from './data-answers.js';
import { failureAnswer } from './general-answers.js';
import { callTool, type PlannerContext } from './planner-context.js';

type DraftIntent = Extract<Intent, { kind: 'create_draft' }>;
interface Posting {
  readonly debit: string;
  readonly credit: string;
  readonly taxCode: string | null | undefined;
}

const EXAMPLE = {
  de: '„Buchungsentwurf 119 EUR Bürobedarf Soll 4930 Haben 1200“',
  en: '"create a draft entry 119 EUR office supplies debit 4930 credit 1200"',
};

/** The accounts the user named, or the best learned proposal for the text (completing what the user named). */
async function* postingOf(
  context: PlannerContext,
  intent: DraftIntent,
  description: string,
  amount: string,
): AsyncGenerator<AssistantEvent, Posting | undefined> {
  if (intent.debit && intent.credit) return { debit: intent.debit, credit: intent.credit, taxCode: undefined };
  const suggested = yield* callTool(context, 'suggest_posting', { description, amount });
  const proposals = suggested.ok ? ((suggested.data as { proposals?: Record<string, string | null>[] }).proposals ?? []) : [];
  const fitting = proposals.find(
    (proposal) => (!intent.debit || proposal.debit_account === intent.debit) && (!intent.credit || proposal.credit_account === intent.credit),
  );
  if (!fitting?.debit_account || !fitting.credit_account) return undefined;
  return { debit: fitting.debit_account, credit: fitting.credit_account, taxCode: fitting.tax_code ?? null };
}

/**
 * The tax code goes on the line it belongs to: output tax (USt…) on the revenue (credit) line, every other code
 * (input tax, reverse charge, intra-EU acquisition) on the expense (debit) line.
 */
function linesOf(posting: Posting, amount: string, description: string) {
  const taxOnCredit = posting.taxCode?.toUpperCase().startsWith('UST') === true;
  const tax = (onThisLine: boolean) => (posting.taxCode === undefined ? {} : { tax_code: onThisLine ? posting.taxCode : null });
  return [
    { account: posting.debit, debit: amount, text: description, ...tax(!taxOnCredit) },
    { account: posting.credit, credit: amount, text: description, ...tax(taxOnCredit) },
  ];
}

/** A draft entry from a wish in words: amount and text are needed; the accounts come from the user or the learned proposals. */
export async function* draftFlow(context: PlannerContext, intent: DraftIntent): AsyncGenerator<AssistantEvent, string> {
  const { language } = context;
  if (!intent.amount) return say(language, `Über welchen Betrag? Zum Beispiel: ${EXAMPLE.de}.`, `For which amount? For example: ${EXAMPLE.en}.`);
  if (!intent.description)
    return say(language, `Mit welchem Buchungstext? Zum Beispiel: ${EXAMPLE.de}.`, `With which booking text? For example: ${EXAMPLE.en}.`);
  if (intent.currency !== 'EUR') {
    return say(
      language,
      'Entwürfe lege ich nur in EUR an; für Fremdwährungen braucht die Buchung einen Kurs.',
      'I create drafts in EUR only; other currencies need an exchange rate.',
    );
  }
  const posting = yield* postingOf(context, intent, intent.description, intent.amount);
  if (!posting) {
    return say(
      language,
      `Welche Konten soll der Entwurf bekommen? Ich habe aus den bisherigen Buchungen keinen passenden Vorschlag. Zum Beispiel: ${EXAMPLE.de}.`,
      `Which accounts should the draft use? The posted entries give me no fitting proposal. For example: ${EXAMPLE.en}.`,
    );
  }
  const input = {
    description: intent.description,
    lines: linesOf(posting, intent.amount, intent.description),
    ...(intent.date ? { posting_date: intent.date } : {}),
  };
  const created = yield* callTool(context, 'create_draft_entry', input);
  return created.ok ? draftAnswer(created.data, language) : failureAnswer(created, language);
}
