import type { Static, TSchema } from 'typebox';
import { Value } from 'typebox/value';
import type { IntelligenceContext } from '../../intelligence/intelligence-context.js';
import type { Language } from '../../intelligence/language.js';
import type { ErpAnswer, ErpClient } from '../erp-client.js';

/** What a tool may use: the caller's identity and rights, the services (with the caller's token), the clock. */
export interface ToolContext {
  readonly tenantId: string;
  /** The permissions of the caller's token; the in-process tools check them as their routes would. */
  readonly permissions: readonly string[];
  readonly language: Language;
  readonly erp: ErpClient;
  readonly intelligence: IntelligenceContext;
  /** Today in the ledger's time zone, YYYY-MM-DD. */
  readonly today: string;
}

/** A tool's result: compact data and a one-line summary, or why it could not be done. */
export type ToolOutcome =
  | { readonly ok: true; readonly data: unknown; readonly summary: string }
  | { readonly ok: false; readonly status: number | null; readonly code: string; readonly title: string; readonly detail: string };

/** A function the assistant can call. Tools read, or create a draft; none posts, changes or deletes. */
export interface AssistantTool<Schema extends TSchema = TSchema> {
  readonly name: string;
  /** For the language model: what the tool does and when to use it. */
  readonly description: string;
  /** Checked before the tool runs; also the JSON Schema the model is given. */
  readonly parameters: Schema;
  run(context: ToolContext, input: Static<Schema>): Promise<ToolOutcome>;
}

/** Declares a tool with its input typed by its schema. */
export function defineTool<Schema extends TSchema>(tool: AssistantTool<Schema>): AssistantTool {
  return tool as unknown as AssistantTool;
}

/** A service's refusal as a tool outcome, unchanged: the user hears what the service said. */
export function refusalOf(answer: Extract<ErpAnswer, { ok: false }>): ToolOutcome {
  return { ok: false, status: answer.status, code: answer.code, title: answer.title, detail: answer.detail };
}

/** The 403 an in-process tool answers when the caller's token lacks the permission its route needs. */
export function missingPermission(context: ToolContext, permission: string): ToolOutcome | undefined {
  if (context.permissions.includes(permission)) return undefined;
  return {
    ok: false,
    status: 403,
    code: 'KIT_FORBIDDEN',
    title: 'Forbidden',
    detail: `This needs the permission "${permission}", which the access token does not grant. Ask an administrator of your tenant for a role that includes it.`,
  };
}

/**
 * The body of a successful answer in the shape the tool reads, or the outcome that says it was not: a tool never
 * works on an answer it does not understand.
 */
export function readAs<Schema extends TSchema>(schema: Schema, answer: ErpAnswer, service: string): { body: Static<Schema> } | { outcome: ToolOutcome } {
  if (!answer.ok) return { outcome: refusalOf(answer) };
  if (Value.Check(schema, answer.body)) return { body: answer.body };
  return {
    outcome: {
      ok: false,
      status: 502,
      code: 'RESPONSE_UNEXPECTED',
      title: 'Unexpected answer',
      detail: `The ${service} service answered in a shape the assistant does not know.`,
    },
  };
}
