import { describe, expect, it } from 'vitest';
import { DEFAULT_CACHE_ROUTES, findCacheRule, parseCacheRules, tagsCovering } from '../../src/domain/cache-rules.js';

const rulesOf = (text: string) => {
  const { rules, error } = parseCacheRules(text);
  if (error !== undefined) throw new Error(error);
  return rules;
};

describe('parseCacheRules', () => {
  it('should read the default: products and customers for 30 s, tagged by their resource', () => {
    expect(rulesOf(DEFAULT_CACHE_ROUTES)).toEqual([
      { prefix: '/api/v1/products', ttlS: 30, tags: ['products'] },
      { prefix: '/api/v1/customers', ttlS: 30, tags: ['customers'] },
    ]);
  });

  it('should read the compact form with units, several tags, no tags and off, most specific first', () => {
    const rules = rulesOf('/api/v1/orders=2m:orders,customers; /api/v1/orders/*/lines=45; /api/v1/orders/export=off; /api/v1/search=1h');

    expect(rules).toEqual([
      { prefix: '/api/v1/orders/*/lines', ttlS: 45, tags: [] },
      { prefix: '/api/v1/orders/export', ttlS: 0, tags: [] },
      { prefix: '/api/v1/orders', ttlS: 120, tags: ['orders', 'customers'] },
      { prefix: '/api/v1/search', ttlS: 3600, tags: [] },
    ]);
  });

  it('should read the JSON form and off as no rules at all', () => {
    const json = '[{"prefix":"/api/v1/products","ttl_s":20,"tags":["products"]},{"prefix":"/api/v1/products/export","off":true}]';

    expect(rulesOf(json)).toEqual([
      { prefix: '/api/v1/products/export', ttlS: 0, tags: [] },
      { prefix: '/api/v1/products', ttlS: 20, tags: ['products'] },
    ]);
    expect(rulesOf(' off ')).toEqual([]);
  });

  it.each([
    ['/api/v1/products', /is not <prefix>=<ttl>/],
    ['/api/v1/products=soon', /"soon" is not a time to live/],
    ['/api/v1/products=0s', /write \/api\/v1\/products=off/],
    ['/api/v1/products=2d', /"2d" is not a time to live/],
    ['/api/v1/products=25h', /from 1 to 86400/],
    ['api/v1/products=30', /must start with \//],
    ['/api/v1/pro*ducts=30', /whole-segment "\*"/],
    ['/api/v1/products=30:Products', /tag "Products"/],
    ['/api/v1/products=30; /api/v1/products/=60', /appears twice/],
    ['[{"prefix":"/a"}]', /"ttl_s"/],
    ['[{"prefix":"/a","ttl_s":30,"tags":"a"}]', /"tags" must be an array/],
    ['[{"ttl_s":30}]', /"prefix"/],
    ['{"prefix":"/a"}', /must be a JSON array/],
    ['[oops', /not valid JSON/],
  ])('should refuse %s', (text, message) => {
    expect(parseCacheRules(text).error).toMatch(message);
  });
});

describe('findCacheRule', () => {
  const rules = rulesOf('/api/v1/orders=60:orders; /api/v1/orders/*/lines=10:lines; /api/v1/orders/export=off; /api/v1/orders/*/export=5');

  it.each([
    ['/api/v1/orders', '/api/v1/orders'],
    ['/api/v1/orders/', '/api/v1/orders'],
    ['/api/v1/orders/o-1', '/api/v1/orders'],
    ['/api/v1/orders/o-1/lines/3', '/api/v1/orders/*/lines'],
    ['/api/v1/orders/export', '/api/v1/orders/export'],
    ['/api/v1/orders/export/lines', '/api/v1/orders/*/lines'],
    ['/api/v1/ordersx', undefined],
    ['/api/v1', undefined],
  ])('should choose for %s the rule of %s', (path, prefix) => {
    expect(findCacheRule(rules, path)?.prefix).toBe(prefix);
  });

  it('should prefer a literal segment over a wildcard at the same depth', () => {
    const sameDepth = rulesOf('/api/v1/orders/*=10; /api/v1/orders/export=off');

    expect(findCacheRule(sameDepth, '/api/v1/orders/export')?.prefix).toBe('/api/v1/orders/export');
    expect(findCacheRule(sameDepth, '/api/v1/orders/o-1')?.prefix).toBe('/api/v1/orders/*');
  });
});

describe('tagsCovering', () => {
  it('should collect the tags of every rule covering a path, off rules included', () => {
    const rules = rulesOf('/api/v1/products=30:products; /api/v1/products/*/stock=10:stock,inventory; /api/v1/products/import=off');

    expect(tagsCovering(rules, '/api/v1/products/p-1/stock')).toEqual(['stock', 'inventory', 'products']);
    expect(tagsCovering(rules, '/api/v1/products/import')).toEqual(['products']);
    expect(tagsCovering(rules, '/api/v1/orders')).toEqual([]);
  });
});
