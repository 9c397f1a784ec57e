// biome-ignore-all lint/suspicious/noExplicitAny: migrations take Kysely<any> so they never depend on today's schema types (STYLE.md rule 5).
import { type Kysely, sql } from 'kysely';

// Frozen: do not import from src/. This file must mean the same thing a year from now.

const TENANT_POLICY = sql`tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid`;

async function protect(db: Kysely<any>, table: string): Promise<void> {
  await sql`alter table ${sql.table(table)} enable row level security`.execute(db);
  await sql`create policy ${sql.id(`${table}_tenant`)} on ${sql.table(table)} using (${TENANT_POLICY}) with check (${TENANT_POLICY})`.execute(db);
}

// The kit's default privileges give the runtime role every DML right; take back what these tables must not allow.
async function revokeFromRuntime(db: Kysely<any>, table: string, privileges: string): Promise<void> {
  await sql`
    do $$
    declare grantee text;
    begin
      for grantee in
        select distinct acl.grantee::regrole::text from pg_class c cross join lateral aclexplode(c.relacl) acl
        where c.oid = ${sql.lit(table)}::regclass and acl.grantee <> c.relowner and acl.grantee <> 0
      loop
        execute format('revoke ${sql.raw(privileges)} on %I from %s', ${sql.lit(table)}, grantee);
      end loop;
    end $$`.execute(db);
}

async function createTables(db: Kysely<any>): Promise<void> {
  // A reservation holds stock of a product in a warehouse for a reference (e.g. a sales order line). It is
  // active until released or consumed (delivered), once: a closed reservation never opens again. One
  // reference holds at most one active reservation per product.
  await sql`
    create table stock_reservation (
      tenant_id uuid not null,
      id uuid not null,
      seq bigint generated always as identity,
      product_id uuid not null,
      warehouse_id uuid not null,
      quantity numeric not null check (quantity > 0 and quantity < 1e12 and scale(quantity) <= 3),
      reference_type text not null check (reference_type ~ '^[a-z][a-z0-9_.-]{0,49}$'),
      reference_id text not null check (length(reference_id) between 1 and 100),
      status text not null default 'active' check (status in ('active', 'released', 'consumed')),
      actor_id text check (length(actor_id) <= 200),
      created_at timestamptz not null default now(),
      closed_at timestamptz,
      closed_by text check (length(closed_by) <= 200),
      constraint stock_reservation_pk primary key (tenant_id, id),
      constraint stock_reservation_product_fk foreign key (tenant_id, product_id) references product (tenant_id, id),
      constraint stock_reservation_warehouse_fk foreign key (tenant_id, warehouse_id) references warehouse (tenant_id, id),
      constraint stock_reservation_closed check ((status = 'active') = (closed_at is null))
    )`.execute(db);
  await sql`
    create unique index stock_reservation_reference_uq on stock_reservation (tenant_id, reference_type, reference_id, product_id)
      where status = 'active'`.execute(db);
  await sql`create index stock_reservation_seq_idx on stock_reservation (tenant_id, seq)`.execute(db);
  await sql`create index stock_reservation_reference_idx on stock_reservation (tenant_id, reference_type, reference_id, seq)`.execute(db);
  await sql`create index stock_reservation_product_idx on stock_reservation (tenant_id, product_id, seq)`.execute(db);
  await protect(db, 'stock_reservation');

  // Where the reserved quantity lies: one row per location; a reservation of a warehouse may span several.
  await sql`
    create table stock_reservation_allocation (
      tenant_id uuid not null,
      reservation_id uuid not null,
      location_id uuid not null,
      warehouse_id uuid not null,
      quantity numeric not null check (quantity > 0 and scale(quantity) <= 3),
      constraint stock_reservation_allocation_pk primary key (tenant_id, reservation_id, location_id),
      constraint stock_reservation_allocation_reservation_fk foreign key (tenant_id, reservation_id) references stock_reservation (tenant_id, id),
      constraint stock_reservation_allocation_location_fk foreign key (tenant_id, warehouse_id, location_id)
        references warehouse_location (tenant_id, warehouse_id, id)
    )`.execute(db);
  await protect(db, 'stock_reservation_allocation');

  await sql`
    alter table stock_movement add constraint stock_movement_reservation_fk foreign key (tenant_id, reservation_id)
      references stock_reservation (tenant_id, id)`.execute(db);
  await sql`create index stock_movement_reservation_idx on stock_movement (tenant_id, reservation_id) where reservation_id is not null`.execute(db);
}

// The only change a reservation allows is closing it (active to released or consumed), once.
async function createGuards(db: Kysely<any>): Promise<void> {
  await sql`
    create function stock_reservation_guard() returns trigger language plpgsql as $$
    begin
      if tg_op = 'UPDATE' and old.status = 'active' and new.status in ('released', 'consumed')
         and (new.tenant_id, new.id, new.seq, new.product_id, new.warehouse_id, new.quantity, new.reference_type, new.reference_id, new.actor_id, new.created_at)
           is not distinct from (old.tenant_id, old.id, old.seq, old.product_id, old.warehouse_id, old.quantity, old.reference_type, old.reference_id, old.actor_id, old.created_at)
      then
        return new;
      end if;
      raise exception 'stock reservation %: % refused; a reservation is only ever closed once (released or consumed)', old.id, tg_op
        using errcode = 'IV002';
    end $$`.execute(db);
  await sql`
    create trigger stock_reservation_guard before update or delete on stock_reservation
      for each row execute function stock_reservation_guard()`.execute(db);
  await sql`
    create function stock_reservation_refuse_change() returns trigger language plpgsql as $$
    begin
      raise exception '% on % refused: its rows are never changed or removed', tg_op, tg_table_name using errcode = 'insufficient_privilege';
    end $$`.execute(db);
  await sql`
    create trigger stock_reservation_allocation_keep before update or delete on stock_reservation_allocation
      for each row execute function stock_reservation_refuse_change()`.execute(db);
  for (const table of ['stock_reservation', 'stock_reservation_allocation']) {
    await sql`create trigger ${sql.id(`${table}_no_truncate`)} before truncate on ${sql.table(table)}
      for each statement execute function stock_reservation_refuse_change()`.execute(db);
  }
}

// Reserved quantities move with the allocations, in their transaction, as the owner (the runtime role cannot
// write stock_level.reserved). A reservation's allocations must add up to its quantity by commit.
async function createMaintenance(db: Kysely<any>): Promise<void> {
  await sql`
    create function stock_reservation_allocate() returns trigger language plpgsql security definer set search_path from current as $$
    declare reserved_product uuid;
    begin
      select r.product_id into reserved_product from stock_reservation r
        where r.tenant_id = new.tenant_id and r.id = new.reservation_id and r.status = 'active';
      if not found then
        raise exception 'stock reservation % is not active: no allocation can be added', new.reservation_id using errcode = 'IV002';
      end if;
      -- An update, not an upsert: the row an upsert would insert (nothing on hand, something reserved) breaks the
      -- checks before the conflict is even looked at; where nothing was ever on hand there is nothing to reserve.
      update stock_level set reserved = reserved + new.quantity, updated_at = now()
        where tenant_id = new.tenant_id and product_id = reserved_product and location_id = new.location_id;
      if not found then
        raise exception 'no stock of product % at location % to reserve', reserved_product, new.location_id
          using errcode = 'check_violation', constraint = 'stock_level_reserved_within_on_hand', table = 'stock_level';
      end if;
      return null;
    end $$`.execute(db);
  await sql`
    create trigger stock_reservation_allocate after insert on stock_reservation_allocation
      for each row execute function stock_reservation_allocate()`.execute(db);
  await sql`
    create function stock_reservation_close() returns trigger language plpgsql security definer set search_path from current as $$
    begin
      update stock_level l set reserved = l.reserved - a.quantity, updated_at = now()
        from stock_reservation_allocation a
        where a.tenant_id = new.tenant_id and a.reservation_id = new.id
          and l.tenant_id = a.tenant_id and l.product_id = new.product_id and l.location_id = a.location_id;
      return null;
    end $$`.execute(db);
  await sql`
    create trigger stock_reservation_close after update on stock_reservation
      for each row when (old.status = 'active' and new.status <> 'active') execute function stock_reservation_close()`.execute(db);
  await sql`
    create function stock_reservation_assert_allocated() returns trigger language plpgsql as $$
    declare allocated numeric;
    begin
      select coalesce(sum(quantity), 0) into allocated from stock_reservation_allocation where tenant_id = new.tenant_id and reservation_id = new.id;
      if allocated <> new.quantity then
        raise exception 'stock reservation % of % has % allocated', new.id, new.quantity, allocated using errcode = 'IV002';
      end if;
      return null;
    end $$`.execute(db);
  await sql`
    create constraint trigger stock_reservation_allocated after insert on stock_reservation
      deferrable initially deferred for each row execute function stock_reservation_assert_allocated()`.execute(db);
}

export async function up(db: Kysely<any>): Promise<void> {
  await createTables(db);
  await createGuards(db);
  await createMaintenance(db);
  await revokeFromRuntime(db, 'stock_reservation', 'delete');
  await revokeFromRuntime(db, 'stock_reservation_allocation', 'update, delete');
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table stock_movement drop constraint stock_movement_reservation_fk`.execute(db);
  await sql`drop index stock_movement_reservation_idx`.execute(db);
  await sql`drop table stock_reservation_allocation`.execute(db);
  await sql`drop table stock_reservation`.execute(db);
  for (const fn of [
    'stock_reservation_assert_allocated',
    'stock_reservation_close',
    'stock_reservation_allocate',
    'stock_reservation_refuse_change',
    'stock_reservation_guard',
  ]) {
    await sql`drop function ${sql.id(fn)}()`.execute(db);
  }
}
