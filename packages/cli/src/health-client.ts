import { request } from 'node:http';
import type { HealthDocument } from '@erp/contracts';
import type { HealthProbe } from './health-table.js';

/** What `GET /health` answered: the HTTP status and the parsed body (undefined when it was not JSON). */
export interface HealthAnswer {
  readonly statusCode: number;
  readonly body: unknown;
}

/**
 * Asks `<baseUrl>/health` once. It uses a fresh connection that is closed afterwards (no keep-alive
 * agent), so a short-lived command such as `erp status` can exit as soon as it is done.
 */
export function getHealth(baseUrl: string, timeoutMs: number): Promise<HealthAnswer> {
  return new Promise((resolve, reject) => {
    const outgoing = request(new URL('/health', baseUrl), { agent: false, timeout: timeoutMs, headers: { accept: 'application/json' } }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', reject);
      response.on('end', () => resolve({ statusCode: response.statusCode ?? 0, body: parseJson(Buffer.concat(chunks).toString('utf8')) }));
    });
    outgoing.on('timeout', () => outgoing.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    outgoing.on('error', reject);
    outgoing.end();
  });
}

/** Asks one service for its health and never throws: a failure becomes the probe's `error`. */
export async function probeHealth(name: string, url: string, timeoutMs: number): Promise<HealthProbe> {
  try {
    const answer = await getHealth(url, timeoutMs);
    if (isHealthDocument(answer.body)) return { name, url, health: answer.body, error: undefined };
    return { name, url, health: undefined, error: `answered HTTP ${answer.statusCode} without a health document` };
  } catch (error) {
    return { name, url, health: undefined, error: error instanceof Error ? error.message : String(error) };
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

// A shallow check of the parts the status table reads; the system tests validate the full schema.
function isHealthDocument(body: unknown): body is HealthDocument {
  if (typeof body !== 'object' || body === null) return false;
  const document = body as Record<string, unknown>;
  return (
    typeof document.status === 'string' && ['cpu', 'memory', 'event_loop', 'db'].every((key) => typeof document[key] === 'object' && document[key] !== null)
  );
}
