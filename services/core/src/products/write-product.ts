import type { Kysely, Transaction } from 'kysely';
import { appendProductHistory, findProduct, findSupplierState, insertProduct, lockProduct, setProductArchivedAt, updateProduct } from '../db/products.js';
import type { CoreDb } from '../db/schema.js';
import type { FieldError } from '../domain/partner-rules.js';
import { type Product, type ProductFields, productFieldsOf } from '../domain/product.js';
import { applyProductPatch, diffProduct, type ProductPatch, productCreationChanges, validateProduct } from '../domain/product-rules.js';
import { PreconditionFailedError, ProductArchivedError, ProductGtinTakenError, ProductNotFoundError, ProductSkuTakenError, productInvalid } from '../errors.js';
import type { Actor, Precondition } from '../partners/context.js';
import { etagOf } from '../partners/update-partner.js';
import { emitProductCreated, emitProductUpdated } from './product-events.js';

/** The product, or 404 `CORE_PRODUCT_NOT_FOUND` (also for another tenant's id). */
export async function getProduct(db: Kysely<CoreDb>, tenantId: string, id: string): Promise<Product> {
  const product = await findProduct(db, tenantId, id);
  if (!product) throw new ProductNotFoundError(id);
  return product;
}

/**
 * The fields if they obey every rule, or 422 `CORE_PRODUCT_INVALID`. A supplier is checked only when it is
 * new to the product, so a product keeps a supplier that was archived after it was assigned.
 */
async function validFields(trx: Transaction<CoreDb>, tenantId: string, fields: ProductFields, previousSupplierId: string | null): Promise<ProductFields> {
  const errors: FieldError[] = validateProduct(fields);
  if (fields.supplier_id && fields.supplier_id !== previousSupplierId) {
    const supplier = await findSupplierState(trx, tenantId, fields.supplier_id);
    if (!supplier) errors.push({ pointer: '/supplier_id', detail: 'is not the id of a supplier of this company.' });
    else if (supplier.archived) errors.push({ pointer: '/supplier_id', detail: 'names an archived supplier; restore it first or choose another.' });
  }
  if (errors.length > 0) throw productInvalid(errors);
  return fields;
}

/** Runs a write, turning the database's uniqueness guards into 409 problems that name the value. */
async function guardUniqueness(fields: ProductFields, write: () => Promise<void>): Promise<void> {
  try {
    await write();
  } catch (error) {
    const { code, constraint } = error as { code?: string; constraint?: string };
    if (code === '23505' && constraint === 'product_sku_uq') throw new ProductSkuTakenError(fields.sku);
    if (code === '23505' && constraint === 'product_gtin_uq') throw new ProductGtinTakenError(fields.gtin ?? '');
    throw error;
  }
}

/** Creates a product with its history entry and event. */
export async function createProduct(trx: Transaction<CoreDb>, actor: Actor, input: ProductFields, newId: () => string): Promise<Product> {
  const fields = await validFields(trx, actor.tenantId, input, null);
  const id = newId();
  await guardUniqueness(fields, () => insertProduct(trx, actor.tenantId, id, fields));
  await appendProductHistory(trx, actor.tenantId, {
    productId: id,
    actorId: actor.userId,
    action: 'created',
    via: actor.via,
    changes: productCreationChanges(fields),
  });
  const product = await getProduct(trx, actor.tenantId, id);
  await emitProductCreated(trx, actor, product);
  return product;
}

/** Locks the product; 404 if there is none, 412 if the client's ETag is not the current one. */
async function lockForChange(trx: Transaction<CoreDb>, actor: Actor, id: string, precondition: Precondition | undefined): Promise<Product> {
  const product = await lockProduct(trx, actor.tenantId, id);
  if (!product) throw new ProductNotFoundError(id);
  if (precondition && !precondition.any && !precondition.versions.includes(product.version)) throw new PreconditionFailedError(etagOf(product));
  return product;
}

/** Applies a client's patch to a product that is not archived; a patch that changes nothing writes nothing. */
export async function patchProduct(trx: Transaction<CoreDb>, actor: Actor, id: string, patch: ProductPatch, precondition: Precondition): Promise<Product> {
  const current = await lockForChange(trx, actor, id, precondition);
  if (current.archived_at) throw new ProductArchivedError(current.sku);
  const fields = await validFields(trx, actor.tenantId, applyProductPatch(productFieldsOf(current), patch), current.supplier_id);
  const changes = diffProduct(productFieldsOf(current), fields);
  if (changes.length === 0) return current;
  await guardUniqueness(fields, () => updateProduct(trx, actor.tenantId, id, fields));
  await appendProductHistory(trx, actor.tenantId, { productId: id, actorId: actor.userId, action: 'updated', via: actor.via, changes });
  const product = await getProduct(trx, actor.tenantId, id);
  await emitProductUpdated(
    trx,
    actor,
    product,
    changes.map((change) => change.field),
  );
  return product;
}

/** Archives or restores a product; doing it again changes nothing. */
export async function setProductArchived(
  trx: Transaction<CoreDb>,
  actor: Actor,
  id: string,
  archived: boolean,
  precondition: Precondition | undefined,
): Promise<Product> {
  const current = await lockForChange(trx, actor, id, precondition);
  if ((current.archived_at !== null) === archived) return current;
  await setProductArchivedAt(trx, actor.tenantId, id, archived);
  const product = await getProduct(trx, actor.tenantId, id);
  const changes = [{ field: 'archived_at', old: current.archived_at, new: product.archived_at }];
  await appendProductHistory(trx, actor.tenantId, {
    productId: id,
    actorId: actor.userId,
    action: archived ? 'archived' : 'restored',
    via: actor.via,
    changes,
  });
  await emitProductUpdated(trx, actor, product, ['archived_at']);
  return product;
}
