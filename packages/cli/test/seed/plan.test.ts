import { describe, expect, it } from 'vitest';
import { amountAfterSkonto, buildPlan } from '../../src/seed/plan.js';

describe('the seed plan', () => {
  it('should be the same company for the same seed and another for another seed', () => {
    expect(buildPlan(1)).toEqual(buildPlan(1));
    expect(buildPlan(2).customers.map((customer) => customer.company_name)).not.toEqual(buildPlan(1).customers.map((customer) => customer.company_name));
  });

  it('should plan the asked size with unique keys, products of known suppliers and orders of known customers and products', () => {
    const plan = buildPlan(7, { customers: 12, products: 25, orders: 50 });
    expect([plan.customers.length, plan.products.length, plan.orders.length]).toEqual([12, 25, 50]);
    expect(new Set(plan.customers.map((customer) => customer.email)).size).toBe(12);
    expect(new Set(plan.products.map((product) => product.sku)).size).toBe(25);
    const suppliers = new Set(plan.suppliers.map((supplier) => supplier.key));
    const customers = new Set(plan.customers.map((customer) => customer.key));
    const skus = new Set(plan.products.map((product) => product.sku));
    expect(plan.products.every((product) => suppliers.has(product.supplier) && /^\d+\.\d{2}$/.test(product.net_price))).toBe(true);
    for (const order of plan.orders) {
      expect(customers.has(order.customer)).toBe(true);
      expect(order.lines.length).toBeGreaterThan(0);
      expect(new Set(order.lines.map((line) => line.sku)).size).toBe(order.lines.length);
      expect(order.lines.every((line) => skus.has(line.sku) && line.quantity >= 1)).toBe(true);
    }
  });
});

describe('amountAfterSkonto', () => {
  it.each([
    ['211.42', '3.00', '205.08'],
    ['100.00', '2.00', '98.00'],
    ['0.25', '2.00', '0.24'],
    ['0.75', '2.00', '0.73'],
    ['19.99', '2.5', '19.49'],
    ['1000', '2.00', '980.00'],
  ])('should take %s less %s percent as %s (half up, in cents)', (open, percent, paid) => {
    expect(amountAfterSkonto(open, percent)).toBe(paid);
  });

  it('should refuse an amount that is not a decimal with at most two places', () => {
    expect(() => amountAfterSkonto('1e3', '2.00')).toThrow(RangeError);
    expect(() => amountAfterSkonto('1.005', '2.00')).toThrow(RangeError);
  });
});
