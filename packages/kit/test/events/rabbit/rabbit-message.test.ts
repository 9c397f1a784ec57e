import type { ConsumeMessage } from 'amqplib';
import { describe, expect, it } from 'vitest';
import { outboxRowToCloudEvent } from '../../../src/events/outbox-queries.js';
import { ATTEMPT_HEADER, attemptOf, forwardProperties, publishProperties } from '../../../src/events/rabbit/rabbit-message.js';
import { rabbitQueueNames } from '../../../src/events/rabbit/rabbit-topology.js';

const event = outboxRowToCloudEvent({
  id: '0b6f3c52-3f7e-4a53-9a38-8a2f4d0f5b11',
  type: 'erp.core.order.invoiced.v1',
  source: '/erp/core',
  subject: null,
  tenant_id: null,
  traceparent: null,
  data: {},
  created_at: new Date('2026-01-15T09:00:00.000Z'),
  attempts: 0,
});

function delivered(headers: Record<string, unknown> | undefined): ConsumeMessage {
  return { content: Buffer.from('{}'), fields: {}, properties: { ...publishProperties(event), headers } } as unknown as ConsumeMessage;
}

describe('publishProperties', () => {
  it('should publish persistently, as structured CloudEvents JSON, on its first attempt', () => {
    expect(publishProperties(event)).toEqual({
      persistent: true,
      contentType: 'application/cloudevents+json',
      messageId: event.id,
      type: 'erp.core.order.invoiced.v1',
      appId: '/erp/core',
      timestamp: Date.parse('2026-01-15T09:00:00.000Z') / 1000,
      headers: { [ATTEMPT_HEADER]: 1 },
    });
  });
});

describe('attemptOf', () => {
  it.each([
    ['a message on its third attempt', { [ATTEMPT_HEADER]: 3 }, 3],
    ['a message without headers', undefined, 1],
    ['a malformed attempt header', { [ATTEMPT_HEADER]: 'many' }, 1],
    ['a zero attempt header', { [ATTEMPT_HEADER]: 0 }, 1],
  ])('should read %s', (_case, headers, attempt) => {
    expect(attemptOf(delivered(headers))).toBe(attempt);
  });
});

describe('forwardProperties', () => {
  it('should keep the message identity and merge the new headers', () => {
    const properties = forwardProperties(delivered({ [ATTEMPT_HEADER]: 1, 'x-other': 'kept' }), { [ATTEMPT_HEADER]: 2 });

    expect(properties).toMatchObject({ persistent: true, messageId: event.id, type: event.type, headers: { [ATTEMPT_HEADER]: 2, 'x-other': 'kept' } });
  });
});

describe('rabbitQueueNames', () => {
  it('should name the dead-letter queue and one delay queue per distinct delay', () => {
    const names = rabbitQueueNames('reporting', { attempts: 5, retryDelayMs: 1_000, retryDelayMsMax: 3_000 });

    expect(names.deadLetter).toBe('reporting.dlq');
    expect([...names.retry.entries()]).toEqual([
      [1_000, 'reporting.retry.1000'],
      [2_000, 'reporting.retry.2000'],
      [3_000, 'reporting.retry.3000'],
    ]);
  });
});
