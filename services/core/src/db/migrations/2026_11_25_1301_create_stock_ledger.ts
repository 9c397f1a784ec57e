// biome-ignore-all lint/suspicious/noExplicitAny: migrations take Kysely<any> so they never depend on today's schema types (STYLE.md rule 5).
import { type Kysely, sql } from 'kysely';

// Frozen: do not import from src/. This file must mean the same thing a year from now.

const TENANT_POLICY = sql`tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid`;

async function protect(db: Kysely<any>, table: string): Promise<void> {
  await sql`alter table ${sql.table(table)} enable row level security`.execute(db);
  await sql`create policy ${sql.id(`${table}_tenant`)} on ${sql.table(table)} using (${TENANT_POLICY}) with check (${TENANT_POLICY})`.execute(db);
}

/**
 * The kit's default privileges give the runtime role every DML right on new tables; this takes `privileges`
 * back from every role but the owner and then grants `grants` (column privileges) to the same roles.
 */
async function restrictRuntime(db: Kysely<any>, table: string, privileges: string, grants = ''): Promise<void> {
  await sql`
    do $$
    declare grantee text;
    begin
      for grantee in
        select distinct acl.grantee::regrole::text from pg_class c cross join lateral aclexplode(c.relacl) acl
        where c.oid = ${sql.lit(table)}::regclass and acl.grantee <> c.relowner and acl.grantee <> 0
      loop
        execute format('revoke ${sql.raw(privileges)} on %I from %s', ${sql.lit(table)}, grantee);
        if ${sql.lit(grants)} <> '' then
          execute format('grant ${sql.raw(grants || 'select')} on %I to %s', ${sql.lit(table)}, grantee);
        end if;
      end loop;
    end $$`.execute(db);
}

async function createSettingsAndCosts(db: Kysely<any>): Promise<void> {
  // One row per tenant, written with the defaults by the first movement; a method and currency are fixed
  // once stock has moved, because the ledger's values were computed with them.
  await sql`
    create table inventory_settings (
      tenant_id uuid not null,
      valuation_method text not null default 'moving_average' check (valuation_method in ('moving_average', 'fifo')),
      currency text not null default 'EUR' check (currency ~ '^[A-Z]{3}$'),
      version integer not null default 1 check (version > 0),
      updated_at timestamptz not null default now(),
      constraint inventory_settings_pk primary key (tenant_id)
    )`.execute(db);
  await protect(db, 'inventory_settings');

  // The running cost state of each stocked product: every movement of the product locks this row first, so
  // movements of one product are serialised and its average cost and FIFO layers are never read half-changed.
  await sql`
    create table stock_product (
      tenant_id uuid not null,
      product_id uuid not null,
      quantity numeric not null default 0 check (quantity >= 0 and scale(quantity) <= 3),
      value numeric not null default 0 check (value >= 0 and scale(value) <= 4),
      unit_cost numeric check (unit_cost >= 0 and scale(unit_cost) <= 4),
      below_reorder_point boolean not null default false,
      updated_at timestamptz not null default now(),
      constraint stock_product_pk primary key (tenant_id, product_id),
      constraint stock_product_product_fk foreign key (tenant_id, product_id) references product (tenant_id, id),
      constraint stock_product_no_value_without_quantity check (quantity > 0 or value = 0)
    )`.execute(db);
  await protect(db, 'stock_product');
}

async function createMovement(db: Kysely<any>): Promise<void> {
  // The stock ledger. A movement takes stock out of a location (`from_*`), puts it into one (`to_*`), or both
  // (a transfer). `value` is the cost value that enters or leaves the stock (0 for a transfer); `unit_cost`
  // is the cost per unit of what enters; `unit` is the product's unit when it moved.
  await sql`
    create table stock_movement (
      tenant_id uuid not null,
      id uuid not null,
      seq bigint generated always as identity,
      kind text not null check (kind in ('receipt', 'issue', 'transfer', 'adjustment', 'return')),
      product_id uuid not null,
      unit text not null check (unit ~ '^[A-Z0-9]{2,3}$'),
      quantity numeric not null check (quantity > 0 and quantity < 1e12 and scale(quantity) <= 3),
      from_warehouse_id uuid,
      from_location_id uuid,
      to_warehouse_id uuid,
      to_location_id uuid,
      unit_cost numeric check (unit_cost >= 0 and unit_cost < 1e11 and scale(unit_cost) <= 4),
      value numeric not null check (value >= 0 and scale(value) <= 4),
      currency text not null check (currency ~ '^[A-Z]{3}$'),
      reason text check (length(reason) between 1 and 500),
      reference_text text check (length(reference_text) between 1 and 200),
      reference_type text check (reference_type ~ '^[a-z][a-z0-9_.-]{0,49}$'),
      reference_id text check (length(reference_id) between 1 and 100),
      reservation_id uuid,
      actor_id text check (length(actor_id) <= 200),
      at timestamptz not null default now(),
      constraint stock_movement_pk primary key (tenant_id, id),
      constraint stock_movement_product_fk foreign key (tenant_id, product_id) references product (tenant_id, id),
      constraint stock_movement_from_fk foreign key (tenant_id, from_warehouse_id, from_location_id)
        references warehouse_location (tenant_id, warehouse_id, id),
      constraint stock_movement_to_fk foreign key (tenant_id, to_warehouse_id, to_location_id)
        references warehouse_location (tenant_id, warehouse_id, id),
      constraint stock_movement_locations check (
        (from_warehouse_id is null) = (from_location_id is null) and (to_warehouse_id is null) = (to_location_id is null)
        and case kind
          when 'receipt' then from_location_id is null and to_location_id is not null
          when 'return' then from_location_id is null and to_location_id is not null
          when 'issue' then from_location_id is not null and to_location_id is null
          when 'transfer' then from_location_id is not null and to_location_id is not null and from_location_id <> to_location_id
          else (from_location_id is null) <> (to_location_id is null)
        end),
      constraint stock_movement_inflow_cost check ((unit_cost is not null) = (kind <> 'transfer' and to_location_id is not null)),
      constraint stock_movement_transfer_value check (kind <> 'transfer' or value = 0),
      constraint stock_movement_adjustment_reason check (kind <> 'adjustment' or reason is not null),
      constraint stock_movement_reference check ((reference_type is null) = (reference_id is null))
    )`.execute(db);
  await sql`create index stock_movement_seq_idx on stock_movement (tenant_id, seq)`.execute(db);
  await sql`create index stock_movement_product_idx on stock_movement (tenant_id, product_id, seq)`.execute(db);
  await sql`create index stock_movement_from_idx on stock_movement (tenant_id, from_warehouse_id, seq) where from_warehouse_id is not null`.execute(db);
  await sql`create index stock_movement_to_idx on stock_movement (tenant_id, to_warehouse_id, seq) where to_warehouse_id is not null`.execute(db);
  await sql`create index stock_movement_at_idx on stock_movement (tenant_id, at)`.execute(db);
  await sql`
    create function stock_movement_refuse_change() returns trigger language plpgsql as $$
    begin
      raise exception 'stock_movement is an append-only ledger: % refused; correct a movement with a counter-movement', tg_op
        using errcode = 'insufficient_privilege';
    end $$`.execute(db);
  await sql`
    create trigger stock_movement_append_only before update or delete on stock_movement
      for each row execute function stock_movement_refuse_change()`.execute(db);
  await sql`
    create trigger stock_movement_no_truncate before truncate on stock_movement
      for each statement execute function stock_movement_refuse_change()`.execute(db);
  await protect(db, 'stock_movement');
}

async function createLevel(db: Kysely<any>): Promise<void> {
  // Stock per product and location, maintained by the triggers of the ledger and of reservations in their
  // transaction. The checks are the last word on "stock never goes negative": no code path can get past them.
  await sql`
    create table stock_level (
      tenant_id uuid not null,
      product_id uuid not null,
      location_id uuid not null,
      warehouse_id uuid not null,
      on_hand numeric not null default 0 check (scale(on_hand) <= 3),
      reserved numeric not null default 0 check (scale(reserved) <= 3),
      available numeric generated always as (on_hand - reserved) stored,
      incoming numeric not null default 0 check (scale(incoming) <= 3),
      updated_at timestamptz not null default now(),
      constraint stock_level_pk primary key (tenant_id, product_id, location_id),
      constraint stock_level_product_fk foreign key (tenant_id, product_id) references product (tenant_id, id),
      constraint stock_level_location_fk foreign key (tenant_id, warehouse_id, location_id) references warehouse_location (tenant_id, warehouse_id, id),
      constraint stock_level_on_hand_not_negative check (on_hand >= 0),
      constraint stock_level_reserved_not_negative check (reserved >= 0),
      constraint stock_level_reserved_within_on_hand check (reserved <= on_hand),
      constraint stock_level_incoming_not_negative check (incoming >= 0)
    )`.execute(db);
  await sql`create index stock_level_warehouse_idx on stock_level (tenant_id, warehouse_id, product_id)`.execute(db);
  await sql`create index stock_level_location_idx on stock_level (tenant_id, location_id)`.execute(db);
  await protect(db, 'stock_level');
  // Runs as the owner: the runtime role cannot write on_hand or reserved, so only a movement changes them.
  await sql`
    create function stock_movement_apply() returns trigger language plpgsql security definer set search_path from current as $$
    begin
      if new.from_location_id is not null then
        update stock_level set on_hand = on_hand - new.quantity, updated_at = now()
          where tenant_id = new.tenant_id and product_id = new.product_id and location_id = new.from_location_id;
        if not found then
          raise exception 'no stock of product % at location %', new.product_id, new.from_location_id
            using errcode = 'check_violation', constraint = 'stock_level_on_hand_not_negative', table = 'stock_level';
        end if;
      end if;
      if new.to_location_id is not null then
        insert into stock_level as l (tenant_id, product_id, warehouse_id, location_id, on_hand)
          values (new.tenant_id, new.product_id, new.to_warehouse_id, new.to_location_id, new.quantity)
          on conflict (tenant_id, product_id, location_id) do update set on_hand = l.on_hand + excluded.on_hand, updated_at = now();
      end if;
      return null;
    end $$`.execute(db);
  await sql`create trigger stock_movement_apply after insert on stock_movement for each row execute function stock_movement_apply()`.execute(db);
}

async function createCostLayer(db: Kysely<any>): Promise<void> {
  // FIFO only: what is left of each inflow at its cost; an outflow consumes the oldest layers first.
  await sql`
    create table stock_cost_layer (
      tenant_id uuid not null,
      movement_id uuid not null,
      product_id uuid not null,
      seq bigint not null,
      quantity numeric not null check (quantity > 0 and scale(quantity) <= 3),
      unit_cost numeric not null check (unit_cost >= 0 and scale(unit_cost) <= 4),
      remaining numeric not null check (remaining >= 0 and scale(remaining) <= 3),
      remaining_value numeric not null check (remaining_value >= 0 and scale(remaining_value) <= 4),
      constraint stock_cost_layer_pk primary key (tenant_id, movement_id),
      constraint stock_cost_layer_movement_fk foreign key (tenant_id, movement_id) references stock_movement (tenant_id, id),
      constraint stock_cost_layer_product_fk foreign key (tenant_id, product_id) references product (tenant_id, id),
      constraint stock_cost_layer_remaining check (remaining <= quantity and (remaining > 0 or remaining_value = 0))
    )`.execute(db);
  await sql`create index stock_cost_layer_open_idx on stock_cost_layer (tenant_id, product_id, seq) where remaining > 0`.execute(db);
  await protect(db, 'stock_cost_layer');
}

async function createSettingsGuard(db: Kysely<any>): Promise<void> {
  await sql`
    create function inventory_settings_guard() returns trigger language plpgsql as $$
    begin
      if (new.valuation_method, new.currency) is distinct from (old.valuation_method, old.currency)
         and exists (select 1 from stock_movement m where m.tenant_id = new.tenant_id) then
        raise exception 'the valuation method and currency are fixed once stock has moved' using errcode = 'IV001';
      end if;
      return new;
    end $$`.execute(db);
  await sql`create trigger inventory_settings_guard before update on inventory_settings for each row execute function inventory_settings_guard()`.execute(db);
}

export async function up(db: Kysely<any>): Promise<void> {
  await createSettingsAndCosts(db);
  await createMovement(db);
  await createLevel(db);
  await createCostLayer(db);
  await createSettingsGuard(db);
  await restrictRuntime(db, 'stock_movement', 'update, delete');
  // Other code (purchase orders) will maintain `incoming`; on_hand and reserved are the triggers' alone.
  await restrictRuntime(db, 'stock_level', 'insert, update, delete', 'insert (tenant_id, product_id, warehouse_id, location_id, incoming), update (incoming)');
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table stock_cost_layer`.execute(db);
  await sql`drop table stock_level`.execute(db);
  await sql`drop table stock_movement`.execute(db);
  await sql`drop table stock_product`.execute(db);
  await sql`drop table inventory_settings`.execute(db);
  for (const fn of ['stock_movement_apply', 'stock_movement_refuse_change', 'inventory_settings_guard']) await sql`drop function ${sql.id(fn)}()`.execute(db);
}
