import type { Kysely, Transaction } from 'kysely';
import type { CoreDb } from '../db/schema.js';
import {
  findLocation,
  findWarehouse,
  holdsStock,
  insertLocation,
  insertWarehouse,
  lockLocation,
  lockWarehouse,
  updateLocation,
  updateWarehouse,
} from '../db/warehouses.js';
import { DEFAULT_LOCATION, type Warehouse, type WarehouseLocation } from '../domain/warehouse.js';
import {
  LocationArchivedError,
  LocationCodeTakenError,
  LocationIsDefaultError,
  LocationNotEmptyError,
  LocationNotFoundError,
  PreconditionFailedError,
  WarehouseArchivedError,
  WarehouseCodeTakenError,
  WarehouseNotEmptyError,
  WarehouseNotFoundError,
} from '../errors.js';
import type { Precondition } from '../partners/context.js';
import { etagOf } from '../partners/update-partner.js';

/** The warehouse, or 404 `CORE_WAREHOUSE_NOT_FOUND` (also for another tenant's id). */
export async function getWarehouse(db: Kysely<CoreDb>, tenantId: string, id: string): Promise<Warehouse> {
  const warehouse = await findWarehouse(db, tenantId, id);
  if (!warehouse) throw new WarehouseNotFoundError(id);
  return warehouse;
}

/** The location, or 404 `CORE_LOCATION_NOT_FOUND` (also for another tenant's id). */
export async function getLocation(db: Kysely<CoreDb>, tenantId: string, id: string): Promise<WarehouseLocation> {
  const location = await findLocation(db, tenantId, id);
  if (!location) throw new LocationNotFoundError(id);
  return location;
}

/** Runs a write, turning the database's code uniqueness into a 409 problem that names the code. */
async function guardCodes(codes: { warehouse?: string; location?: string; warehouseCode?: string }, write: () => Promise<void>): Promise<void> {
  try {
    await write();
  } catch (error) {
    const { code, constraint } = error as { code?: string; constraint?: string };
    if (code === '23505' && constraint === 'warehouse_code_uq') throw new WarehouseCodeTakenError(codes.warehouse ?? '');
    if (code === '23505' && constraint === 'warehouse_location_code_uq') throw new LocationCodeTakenError(codes.location ?? '', codes.warehouseCode ?? '');
    throw error;
  }
}

function checkPrecondition(current: { version: number }, precondition: Precondition | undefined): void {
  if (precondition && !precondition.any && !precondition.versions.includes(current.version)) throw new PreconditionFailedError(etagOf(current));
}

/** Creates a warehouse with its default location. */
export async function createWarehouse(
  trx: Transaction<CoreDb>,
  tenantId: string,
  input: { code: string; name: string; default_location?: { code: string; name?: string | null | undefined } | undefined },
  newId: () => string,
): Promise<Warehouse> {
  const id = newId();
  const name = input.name.trim();
  await guardCodes({ warehouse: input.code }, () => insertWarehouse(trx, tenantId, id, { code: input.code, name }));
  const location = input.default_location ?? DEFAULT_LOCATION;
  await insertLocation(trx, tenantId, { id: newId(), warehouseId: id, code: location.code, name: location.name?.trim() || null, isDefault: true });
  return getWarehouse(trx, tenantId, id);
}

async function lockForChange(trx: Transaction<CoreDb>, tenantId: string, id: string, precondition: Precondition | undefined): Promise<Warehouse> {
  const warehouse = await lockWarehouse(trx, tenantId, id, 'update');
  if (!warehouse) throw new WarehouseNotFoundError(id);
  checkPrecondition(warehouse, precondition);
  return warehouse;
}

/** Changes a warehouse's code or name; a patch that changes nothing writes nothing. */
export async function patchWarehouse(
  trx: Transaction<CoreDb>,
  tenantId: string,
  id: string,
  patch: { code?: string | undefined; name?: string | undefined },
  precondition: Precondition,
): Promise<Warehouse> {
  const current = await lockForChange(trx, tenantId, id, precondition);
  if (current.archived_at) throw new WarehouseArchivedError(current.code);
  const next = { code: patch.code ?? current.code, name: patch.name?.trim() ?? current.name };
  if (next.code === current.code && next.name === current.name) return current;
  await guardCodes({ warehouse: next.code }, () => updateWarehouse(trx, tenantId, id, next));
  return getWarehouse(trx, tenantId, id);
}

/** Archives or restores a warehouse; one that holds or reserves stock cannot be archived. */
export async function setWarehouseArchived(
  trx: Transaction<CoreDb>,
  tenantId: string,
  id: string,
  archived: boolean,
  precondition: Precondition | undefined,
): Promise<Warehouse> {
  const current = await lockForChange(trx, tenantId, id, precondition);
  if ((current.archived_at !== null) === archived) return current;
  if (archived && (await holdsStock(trx, tenantId, { warehouseId: id }))) throw new WarehouseNotEmptyError(current.code);
  await updateWarehouse(trx, tenantId, id, { archived });
  return getWarehouse(trx, tenantId, id);
}

/** Adds a location to a warehouse that is not archived. */
export async function createLocation(
  trx: Transaction<CoreDb>,
  tenantId: string,
  warehouseId: string,
  input: { code: string; name?: string | null | undefined },
  newId: () => string,
): Promise<WarehouseLocation> {
  const warehouse = await lockWarehouse(trx, tenantId, warehouseId, 'share');
  if (!warehouse) throw new WarehouseNotFoundError(warehouseId);
  if (warehouse.archived_at) throw new WarehouseArchivedError(warehouse.code);
  const id = newId();
  await guardCodes({ location: input.code, warehouseCode: warehouse.code }, () =>
    insertLocation(trx, tenantId, { id, warehouseId, code: input.code, name: input.name?.trim() || null, isDefault: false }),
  );
  return getLocation(trx, tenantId, id);
}

/**
 * Locks the location's warehouse (for share, or for update when the default location changes) and then the
 * location, in the order movements take them, so the two never wait for each other in a circle.
 */
async function lockLocationForChange(
  trx: Transaction<CoreDb>,
  tenantId: string,
  id: string,
  precondition: Precondition | undefined,
  warehouseMode: 'share' | 'update',
): Promise<{ location: WarehouseLocation; warehouse: Warehouse }> {
  const found = await findLocation(trx, tenantId, id);
  const warehouse = found && (await lockWarehouse(trx, tenantId, found.warehouse_id, warehouseMode));
  const location = warehouse && (await lockLocation(trx, tenantId, id, 'update'));
  if (!warehouse || !location) throw new LocationNotFoundError(id);
  checkPrecondition(location, precondition);
  return { location, warehouse };
}

/** Changes a location's code or name, or makes it its warehouse's default (the previous default stops being one). */
export async function patchLocation(
  trx: Transaction<CoreDb>,
  tenantId: string,
  id: string,
  patch: { code?: string | undefined; name?: string | null | undefined; is_default?: true | undefined },
  precondition: Precondition,
): Promise<WarehouseLocation> {
  const { location: current, warehouse } = await lockLocationForChange(trx, tenantId, id, precondition, patch.is_default ? 'update' : 'share');
  if (warehouse.archived_at) throw new WarehouseArchivedError(warehouse.code);
  if (current.archived_at) throw new LocationArchivedError(current.code);
  const name = patch.name === undefined ? current.name : patch.name?.trim() || null;
  const next = { code: patch.code ?? current.code, name, is_default: patch.is_default ?? current.is_default };
  if (next.code === current.code && next.name === current.name && next.is_default === current.is_default) return current;
  if (next.is_default && !current.is_default) {
    await lockLocation(trx, tenantId, warehouse.default_location_id, 'update');
    await updateLocation(trx, tenantId, warehouse.default_location_id, { is_default: false });
  }
  await guardCodes({ location: next.code, warehouseCode: warehouse.code }, () => updateLocation(trx, tenantId, id, next));
  return getLocation(trx, tenantId, id);
}

/** Archives or restores a location; the default location and one that holds or reserves stock cannot be archived. */
export async function setLocationArchived(
  trx: Transaction<CoreDb>,
  tenantId: string,
  id: string,
  archived: boolean,
  precondition: Precondition | undefined,
): Promise<WarehouseLocation> {
  const { location: current } = await lockLocationForChange(trx, tenantId, id, precondition, 'share');
  if ((current.archived_at !== null) === archived) return current;
  if (archived && current.is_default) throw new LocationIsDefaultError(current.code);
  if (archived && (await holdsStock(trx, tenantId, { locationId: id }))) throw new LocationNotEmptyError(current.code);
  await updateLocation(trx, tenantId, id, { archived });
  return getLocation(trx, tenantId, id);
}
