import type { Kysely, Transaction } from 'kysely';
import { findSettings, hasMovements, type InventorySettings, lockSettings, updateSettings } from '../db/inventory-settings.js';
import type { CoreDb } from '../db/schema.js';
import { ledgerBalances, valuationToday } from '../db/stock-valuation.js';
import { Exact, toText } from '../domain/stock-decimal.js';
import { isCalendarDate, toValuationLine, type ValuationMethod } from '../domain/valuation.js';
import { inventoryInvalid, PreconditionFailedError, ValuationLockedError } from '../errors.js';
import type { Precondition } from '../partners/context.js';
import { etagOf } from '../partners/update-partner.js';

// ISO 4217 codes the runtime knows as current currencies, as products check them.
const CURRENCIES = new Set(Intl.supportedValuesOf('currency'));

/**
 * Sets the valuation method and currency. They can change only while the tenant has moved no stock, because
 * every value in the ledger was computed with them; saving the same values again is always fine.
 */
export async function changeSettings(
  trx: Transaction<CoreDb>,
  tenantId: string,
  input: { valuation_method: ValuationMethod; currency: string },
  precondition: Precondition | undefined,
): Promise<InventorySettings> {
  const currency = input.currency.toUpperCase();
  if (!CURRENCIES.has(currency)) throw inventoryInvalid([{ pointer: '/currency', detail: `"${input.currency}" is not a current ISO 4217 currency.` }]);
  const current = await lockSettings(trx, tenantId, 'update');
  if (precondition && !precondition.any && !precondition.versions.includes(current.version)) throw new PreconditionFailedError(etagOf(current));
  if (current.valuation_method === input.valuation_method && current.currency === currency) return current;
  if (await hasMovements(trx, tenantId)) throw new ValuationLockedError();
  await updateSettings(trx, tenantId, { valuation_method: input.valuation_method, currency });
  return findSettings(trx, tenantId);
}

export interface Valuation {
  at: string;
  valuation_method: ValuationMethod;
  currency: string;
  items: { product_id: string; sku: string; name: string; unit: string; quantity: string; unit_cost: string | null; value: string }[];
  total_value: string;
}

/** The stock's quantity, unit cost and value per product at the end of `date` (today if left out), from the ledger. */
export async function valuationAt(db: Kysely<CoreDb>, tenantId: string, date: string | undefined): Promise<Valuation> {
  if (date !== undefined && !isCalendarDate(date)) throw inventoryInvalid([{ pointer: '/at', detail: `${date} is not a date of the calendar (YYYY-MM-DD).` }]);
  const at = date ?? (await valuationToday(db));
  const settings = await findSettings(db, tenantId);
  const balances = await ledgerBalances(db, tenantId, at);
  const items = balances.map((balance) => {
    const line = toValuationLine(balance.quantity, balance.value);
    return {
      product_id: balance.product_id,
      sku: balance.sku,
      name: balance.name,
      unit: balance.unit,
      quantity: line.quantity,
      unit_cost: line.unitCost,
      value: line.value,
    };
  });
  const total = items.reduce((sum, item) => sum.plus(item.value), new Exact(0));
  return { at, valuation_method: settings.valuation_method, currency: settings.currency, items, total_value: toText(total) };
}
