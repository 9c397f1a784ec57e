import { randomUUID } from 'node:crypto';
import { withTenant } from '@erp/kit';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { newTenant } from '../helpers.js';
import { ASSISTANT_USER, type AssistantTestApp, buildAssistantApp } from './assistant-app.js';
import { type FakeErp, startFakeErp } from './fake-erp.js';

let erp: FakeErp;
let ai: AssistantTestApp;
const BASE = '/api/v1/ai/assistant/conversations';

beforeAll(async () => {
  erp = await startFakeErp(() => ai.tokens.verifier);
  ai = await buildAssistantApp(inject('adminUrl'), { env: { CORE_URL: erp.url, FINANCE_URL: erp.url } });
});
afterAll(async () => {
  await ai.close();
  await erp.close();
});

/** A user of a tenant: the same token for every call, so that the conversations are this user's. */
async function user(tenantId: string = newTenant()) {
  const authorization = await ai.bearer(tenantId, ASSISTANT_USER);
  const send = (method: 'GET' | 'POST' | 'DELETE', url: string, payload?: unknown, headers: Record<string, string> = {}) =>
    ai.app.inject({
      method,
      url,
      headers: { authorization, accept: 'application/json', ...headers },
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
  return { tenantId, send };
}

async function messagesOf(tenantId: string, conversationId: string): Promise<number> {
  const { rows } = await withTenant(ai.db.kysely, tenantId, (trx) =>
    sql<{ count: string }>`select count(*) from assistant_message where conversation_id = ${conversationId}`.execute(trx),
  );
  return Number(rows[0]?.count);
}

describe('/api/v1/ai/assistant/conversations', () => {
  it('should create a conversation, keep each question with its answer, and title it from the first question', async () => {
    const anna = await user();
    const created = await anna.send('POST', BASE, {});

    const asked = await anna.send('POST', `${BASE}/${created.json().id}/messages`, { content: 'What can you do?' });
    const read = await anna.send('GET', `${BASE}/${created.json().id}`);

    expect(created.statusCode).toBe(201);
    expect(created.headers.location).toBe(`${BASE}/${created.json().id}`);
    expect(asked.statusCode).toBe(200);
    expect(read.json()).toMatchObject({ id: created.json().id, title: 'What can you do?', message_count: 2 });
    expect(read.json().messages).toEqual([
      expect.objectContaining({ id: asked.json().user_message_id, role: 'user', content: 'What can you do?', tool_calls: [], mode: null }),
      expect.objectContaining({ id: asked.json().message.id, role: 'assistant', content: asked.json().message.content, mode: 'rules', model: null }),
    ]);
  });

  it("should list only the caller's conversations, newest first, in pages", async () => {
    const anna = await user();
    const ids = [];
    for (const title of ['first', 'second', 'third']) ids.push((await anna.send('POST', BASE, { title })).json().id);

    const first = await anna.send('GET', `${BASE}?limit=2`);
    const second = await anna.send('GET', `${BASE}?limit=2&cursor=${first.json().next_cursor}`);

    expect(first.json().items.map((item: { title: string }) => item.title)).toEqual(['third', 'second']);
    expect(second.json()).toEqual({ items: [expect.objectContaining({ id: ids[0], title: 'first' })], next_cursor: null });
  });

  it('should delete a conversation with its messages', async () => {
    const anna = await user();
    const id = (await anna.send('POST', BASE, {})).json().id;
    await anna.send('POST', `${BASE}/${id}/messages`, { content: 'Hilfe' });

    const deleted = await anna.send('DELETE', `${BASE}/${id}`);

    expect(deleted.statusCode).toBe(204);
    expect((await anna.send('GET', `${BASE}/${id}`)).statusCode).toBe(404);
    expect(await messagesOf(anna.tenantId, id)).toBe(0);
  });

  it.each([
    ['another user of the same tenant', (tenantId: string) => user(tenantId)],
    ['a user of another tenant', () => user()],
  ])('should neither show, answer in, nor delete a conversation for %s', async (_who, other) => {
    const anna = await user();
    const id = (await anna.send('POST', BASE, { title: 'Annas Fragen' })).json().id;
    await anna.send('POST', `${BASE}/${id}/messages`, { content: 'Hilfe' });
    const intruder = await other(anna.tenantId);
    const callsBefore = erp.calls.length;

    const listed = await intruder.send('GET', BASE);
    const read = await intruder.send('GET', `${BASE}/${id}`);
    const asked = await intruder.send('POST', `${BASE}/${id}/messages`, { content: 'Wie hoch ist der Kontostand?' });
    const deleted = await intruder.send('DELETE', `${BASE}/${id}`);

    expect(listed.json().items).toEqual([]);
    expect([read.statusCode, asked.statusCode, deleted.statusCode]).toEqual([404, 404, 404]);
    expect(asked.json()).toMatchObject({ code: 'AI_CONVERSATION_NOT_FOUND' });
    expect(erp.calls.length).toBe(callsBefore);
    expect((await anna.send('GET', `${BASE}/${id}`)).json()).toMatchObject({ title: 'Annas Fragen', message_count: 2 });
  });

  it.each([
    ['an empty question', { content: '' }, 400],
    ['a question of only spaces', { content: '   \n ' }, 400],
    ['a question over 4000 characters', { content: 'x'.repeat(4001) }, 400],
    ['a question that is not text', { content: 42 }, 400],
    ['a question as a list', { content: ['Hilfe'] }, 400],
    ['no question', {}, 400],
    ['an unknown field', { content: 'Hilfe', tools: ['post_entry'] }, 400],
    ['an unknown language', { content: 'Hilfe', language: 'fr' }, 400],
    ['a body over the size limit', { content: 'x'.repeat(1_100_000) }, 413],
  ])('should refuse %s with a problem document and store nothing', async (_case, payload, status) => {
    const anna = await user();
    const id = (await anna.send('POST', BASE, {})).json().id;

    const response = await anna.send('POST', `${BASE}/${id}/messages`, payload);

    expect(response.statusCode).toBe(status);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(await messagesOf(anna.tenantId, id)).toBe(0);
  });

  it.each([
    ['GET', `${BASE}/not-a-uuid`, undefined, 400],
    ['POST', `${BASE}/not-a-uuid/messages`, { content: 'Hilfe' }, 400],
    ['POST', `${BASE}/${randomUUID()}/messages`, { content: 'Hilfe' }, 404],
    ['GET', `${BASE}?cursor=bm90LWEtY3Vyc29y`, undefined, 400],
    ['GET', `${BASE}?limit=0`, undefined, 400],
    ['GET', `${BASE}?limit=abc`, undefined, 400],
    ['POST', BASE, { title: 'x'.repeat(201) }, 400],
    ['POST', BASE, { title: 7 }, 400],
  ] as const)('should answer %s %s with %i', async (method, url, payload, status) => {
    const anna = await user();

    const response = await anna.send(method, url, payload);

    expect(response.statusCode).toBe(status);
    expect(response.json()).toMatchObject({ status });
  });

  it('should refuse a question in a full conversation with 409 and store nothing', async () => {
    const anna = await user();
    const id = (await anna.send('POST', BASE, {})).json().id;
    await withTenant(ai.db.kysely, anna.tenantId, (trx) => sql`update assistant_conversation set message_count = 199 where id = ${id}`.execute(trx));

    const response = await anna.send('POST', `${BASE}/${id}/messages`, { content: 'Hilfe' });

    expect(response.statusCode).toBe(409);
    expect(response.json()).toMatchObject({ code: 'AI_CONVERSATION_FULL' });
    expect(await messagesOf(anna.tenantId, id)).toBe(0);
  });
});
