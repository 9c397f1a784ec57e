import { CloudEvent } from '@erp/contracts';
import { Value } from 'typebox/value';
import { describe, expect, it } from 'vitest';
import { decodeCloudEvent, encodeCloudEvent, isInvalidCloudEventError, parseCloudEvent } from '../../src/events/cloud-event.js';
import { type OutboxRow, outboxRowToCloudEvent } from '../../src/events/outbox-queries.js';

const row = (overrides: Partial<OutboxRow> = {}): OutboxRow => ({
  id: '0b6f3c52-3f7e-4a53-9a38-8a2f4d0f5b11',
  type: 'erp.finance.entry.posted.v1',
  source: '/erp/finance',
  subject: null,
  tenant_id: null,
  traceparent: null,
  data: { amount: '12.50' },
  created_at: new Date('2026-01-15T09:00:00.000Z'),
  attempts: 0,
  ...overrides,
});

describe('outboxRowToCloudEvent', () => {
  it('should build a CloudEvents 1.0 envelope that matches the contract', () => {
    const event = outboxRowToCloudEvent(row());

    expect([...Value.Errors(CloudEvent, event)]).toEqual([]);
    expect(event).toEqual({
      specversion: '1.0',
      id: '0b6f3c52-3f7e-4a53-9a38-8a2f4d0f5b11',
      source: '/erp/finance',
      type: 'erp.finance.entry.posted.v1',
      time: '2026-01-15T09:00:00.000Z',
      datacontenttype: 'application/json',
      data: { amount: '12.50' },
    });
  });

  it('should carry subject, tenantid and traceparent when the row has them', () => {
    const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

    const event = outboxRowToCloudEvent(row({ subject: 'entry-7', tenant_id: '7d0f0b5e-8d7e-4c1a-9a59-2f3c1f4a9b10', traceparent }));

    expect(event).toMatchObject({ subject: 'entry-7', tenantid: '7d0f0b5e-8d7e-4c1a-9a59-2f3c1f4a9b10', traceparent });
  });
});

describe('decodeCloudEvent', () => {
  it('should return the event that encodeCloudEvent serialised', () => {
    const event = outboxRowToCloudEvent(row());

    expect(decodeCloudEvent(encodeCloudEvent(event))).toEqual(event);
  });

  it.each([
    ['a body that is not JSON', Buffer.from('{not json')],
    ['JSON that is not a CloudEvent', Buffer.from('{"hello":"world"}')],
    ['an event with a malformed type', encodeCloudEvent({ ...outboxRowToCloudEvent(row()), type: 'finance.posted' })],
  ])('should throw an invalid-event error for %s', (_case, body) => {
    let thrown: unknown;
    try {
      decodeCloudEvent(body);
    } catch (error) {
      thrown = error;
    }

    expect(isInvalidCloudEventError(thrown)).toBe(true);
  });
});

describe('parseCloudEvent', () => {
  it('should name the offending fields', () => {
    expect(() => parseCloudEvent({ ...outboxRowToCloudEvent(row()), time: 'yesterday' })).toThrow(/\/time must match format "date-time"/);
  });
});
