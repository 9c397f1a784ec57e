import { describe, expect, it } from 'vitest';
import { DEFAULT_CACHE_EVENTS, parseCacheEvents, tagOfEventType } from '../../src/domain/cache-events.js';

describe('tagOfEventType', () => {
  it.each([
    ['erp.core.product.updated.v1', 'products'],
    ['erp.core.customer.deleted.v2', 'customers'],
    ['erp.core.category.created.v1', 'categories'],
    ['erp.core.address.changed.v1', 'addresses'],
    ['erp.core.inventory_item.moved.v1', 'inventory_items'],
    ['erp.core.day.closed.v1', 'days'],
  ])('should purge %s under %s', (type, tag) => {
    expect(tagOfEventType(type)).toBe(tag);
  });
});

describe('parseCacheEvents', () => {
  it('should default to the created, updated and deleted events of products and customers', () => {
    const { events } = parseCacheEvents(DEFAULT_CACHE_EVENTS);

    expect(events).toHaveLength(6);
    expect(events).toContainEqual({ type: 'erp.core.product.updated.v1', tags: ['products'] });
    expect(events).toContainEqual({ type: 'erp.core.customer.deleted.v1', tags: ['customers'] });
  });

  it('should take explicit tags instead of the entity segment, and off as none', () => {
    expect(parseCacheEvents('erp.core.price.changed.v1=products,orders; erp.core.product.updated.v1').events).toEqual([
      { type: 'erp.core.price.changed.v1', tags: ['products', 'orders'] },
      { type: 'erp.core.product.updated.v1', tags: ['products'] },
    ]);
    expect(parseCacheEvents('off').events).toEqual([]);
  });

  it.each([
    ['erp.core.product.v1', /is not an event type/],
    ['erp.core.product.updated.v1=Products', /tag "Products"/],
    ['erp.core.product.updated.v1=a=b', /is not <event type>/],
    ['erp.core.product.updated.v1; erp.core.product.updated.v1', /appears twice/],
  ])('should refuse %s', (text, message) => {
    expect(parseCacheEvents(text).error).toMatch(message);
  });
});
