import type { Transaction } from 'kysely';
import type { CoreDb } from '../db/schema.js';
import { lockLocation, lockWarehouse } from '../db/warehouses.js';
import type { FieldError } from '../domain/partner-rules.js';
import type { Place, PlaceInput } from '../domain/stock.js';
import type { Warehouse, WarehouseLocation } from '../domain/warehouse.js';
import { LocationArchivedError, WarehouseArchivedError } from '../errors.js';

/** A place that exists, with its warehouse and location (both locked for share until the transaction ends). */
export interface ResolvedPlace {
  place: Place;
  warehouse: Warehouse;
  location: WarehouseLocation;
}

/** How a place is named in messages: `location A-01 (…) of warehouse HAUPT`. */
export function describePlace(resolved: ResolvedPlace): string {
  return `location ${resolved.location.code} (${resolved.location.id}) of warehouse ${resolved.warehouse.code}`;
}

/**
 * The warehouse and location a client named (the warehouse's default location if it named none), locked
 * for share so that neither is archived while stock moves there; field errors under `pointer` if either
 * is not the tenant's or the location is not of that warehouse.
 */
export async function resolvePlace(trx: Transaction<CoreDb>, tenantId: string, input: PlaceInput, pointer: string): Promise<ResolvedPlace | FieldError[]> {
  const warehouse = await lockWarehouse(trx, tenantId, input.warehouse_id, 'share');
  if (!warehouse) return [{ pointer: `${pointer}/warehouse_id`, detail: 'is not a warehouse of this company.' }];
  const location = await lockLocation(trx, tenantId, input.location_id ?? warehouse.default_location_id, 'share');
  if (!location || location.warehouse_id !== warehouse.id) {
    return [{ pointer: `${pointer}/location_id`, detail: `is not a location of warehouse ${warehouse.code}.` }];
  }
  return { place: { warehouse_id: warehouse.id, location_id: location.id }, warehouse, location };
}

/** 409 if stock cannot move at the place because its warehouse or location is archived. */
export function assertOpen(resolved: ResolvedPlace): void {
  if (resolved.warehouse.archived_at) throw new WarehouseArchivedError(resolved.warehouse.code);
  if (resolved.location.archived_at) throw new LocationArchivedError(resolved.location.code);
}
