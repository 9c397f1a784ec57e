import { describe, expect, it } from 'vitest';
import { hashingEmbedding, LOCAL_EMBEDDING_DIMENSIONS } from '../../src/providers/local/local-embedding-model.js';
import { createLocalProvider } from '../../src/providers/local/local-provider.js';
import { collect } from './collect.js';

const provider = createLocalProvider();
const chat = provider.chatModel('extractive');

const LETTER =
  'The invoice 4711 from Müller GmbH is overdue by 30 days. The weather was nice last week. Müller GmbH asks for a payment plan for the invoice. ' +
  'Our accountant is on holiday. The invoice amount is 12,400 EUR and the payment plan would cover four months.';

describe('the local chat engine', () => {
  it('should answer with the most salient sentences under a heading that says it is extractive', async () => {
    const result = await chat.doGenerate({ messages: [{ role: 'user', content: LETTER }] });

    expect(result.text).toMatch(/^Local engine \(extractive, no language model\)/);
    expect(result.text).toContain('- Müller GmbH asks for a payment plan for the invoice.');
    expect(result.text).not.toContain('weather');
    expect(result.text).toMatch(/Key terms: invoice, .*12,400/);
    expect(result.finishReason).toBe('stop');
  });

  it('should give the same answer every time for the same message', async () => {
    const first = await chat.doGenerate({ messages: [{ role: 'user', content: LETTER }] });
    const second = await chat.doGenerate({ messages: [{ role: 'user', content: LETTER }] });

    expect(second).toEqual(first);
  });

  it('should answer in German for a German message', async () => {
    const result = await chat.doGenerate({
      messages: [{ role: 'user', content: 'Die Rechnung von Schulz ist noch nicht bezahlt. Bitte prüfen Sie die Zahlung.' }],
    });

    expect(result.text).toMatch(/^Lokale Engine \(extraktiv, kein Sprachmodell\)/);
  });

  it('should say plainly that there is nothing to extract from a message without words', async () => {
    const result = await chat.doGenerate({ messages: [{ role: 'user', content: '?!' }] });

    expect(result.text).toContain('there is no text to extract from');
  });

  it('should answer with a JSON object when one is asked for', async () => {
    const result = await chat.doGenerate({ messages: [{ role: 'user', content: LETTER }], responseFormat: { type: 'json' } });

    expect(JSON.parse(result.text)).toMatchObject({
      engine: 'local',
      method: 'extractive',
      language: 'en',
      sentences: expect.any(Array),
      keywords: expect.any(Array),
    });
  });

  it('should cut the answer at the token limit and say so in the finish reason', async () => {
    const result = await chat.doGenerate({ messages: [{ role: 'user', content: LETTER }], maxOutputTokens: 5 });

    expect(result.text.length).toBe(15);
    expect(result).toMatchObject({ finishReason: 'length', usage: { outputTokens: 5 } });
  });

  it('should stream exactly the text it would answer at once', async () => {
    const whole = await chat.doGenerate({ messages: [{ role: 'user', content: LETTER }] });

    const streamed = await collect(await chat.doStream({ messages: [{ role: 'user', content: LETTER }] }));

    expect(streamed.text).toBe(whole.text);
    expect(streamed.parts.at(-1)).toEqual({ type: 'finish', finishReason: 'stop', usage: whole.usage });
  });
});

describe('the local hashing embedding', () => {
  const cosine = (left: number[], right: number[]) => left.reduce((sum, value, index) => sum + value * (right[index] ?? 0), 0);

  it('should make unit vectors of the fixed size', () => {
    const vector = hashingEmbedding('Rechnung Müller GmbH');

    expect(vector).toHaveLength(LOCAL_EMBEDDING_DIMENSIONS);
    expect(cosine(vector, vector)).toBeCloseTo(1, 10);
  });

  it('should put texts that share words closer than texts that do not', () => {
    const invoice = hashingEmbedding('overdue invoice from Müller GmbH');

    expect(cosine(invoice, hashingEmbedding('Müller GmbH invoice is overdue'))).toBeGreaterThan(
      cosine(invoice, hashingEmbedding('the weather in Hamburg')) + 0.3,
    );
  });

  it('should give a zero vector for a text without words and the same vector for the same text', () => {
    expect(hashingEmbedding('!!!').every((value) => value === 0)).toBe(true);
    expect(hashingEmbedding('Kasse')).toEqual(hashingEmbedding('Kasse'));
  });

  it('should embed through the provider with estimated tokens', async () => {
    const result = await provider.embeddingModel('hashing-256')?.doEmbed({ values: ['abc', 'abcdef'] });

    expect(result?.embeddings).toHaveLength(2);
    expect(result?.usage.inputTokens).toBe(3);
  });
});
