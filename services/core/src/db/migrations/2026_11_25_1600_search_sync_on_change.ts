// biome-ignore-all lint/suspicious/noExplicitAny: migrations take Kysely<any> so they never depend on today's schema types (STYLE.md rule 5).
import { type Kysely, sql } from 'kysely';

// Frozen: do not import from src/. This file must mean the same thing a year from now.

// A sales or purchase order's search entry depends only on its number, its partner, its customer reference
// and whether it is cancelled. Every other change of the order (a status step, a new version) rewrote the
// same entry anyway, folding its text again and writing a new row version with its index entries; on
// update the triggers now run only when one of those fields changed. On insert they run as before.

const SALES_CHANGED = sql.raw(`old.number is distinct from new.number or old.customer is distinct from new.customer
  or old.customer_reference is distinct from new.customer_reference or (old.status = 'cancelled') is distinct from (new.status = 'cancelled')`);
const PURCHASE_CHANGED = sql.raw(`old.number is distinct from new.number or old.supplier is distinct from new.supplier
  or (old.status = 'cancelled') is distinct from (new.status = 'cancelled')`);

export async function up(db: Kysely<any>): Promise<void> {
  await sql`drop trigger sales_order_search_sync on sales_order`.execute(db);
  await sql`create trigger sales_order_search_sync after insert on sales_order for each row execute function sales_order_search_sync()`.execute(db);
  await sql`create trigger sales_order_search_sync_update after update on sales_order for each row
    when (${SALES_CHANGED}) execute function sales_order_search_sync()`.execute(db);
  await sql`drop trigger purchase_order_search_sync on purchase_order`.execute(db);
  await sql`create trigger purchase_order_search_sync after insert on purchase_order for each row execute function purchase_order_search_sync()`.execute(db);
  await sql`create trigger purchase_order_search_sync_update after update on purchase_order for each row
    when (${PURCHASE_CHANGED}) execute function purchase_order_search_sync()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['sales_order', 'purchase_order']) {
    await sql`drop trigger ${sql.id(`${table}_search_sync_update`)} on ${sql.table(table)}`.execute(db);
    await sql`drop trigger ${sql.id(`${table}_search_sync`)} on ${sql.table(table)}`.execute(db);
    await sql`create trigger ${sql.id(`${table}_search_sync`)} after insert or update on ${sql.table(table)}
      for each row execute function ${sql.id(`${table}_search_sync`)}()`.execute(db);
  }
}
