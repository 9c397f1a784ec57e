// biome-ignore-all lint/suspicious/noExplicitAny: migrations take Kysely<any> so they never depend on today's schema types (STYLE.md rule 5).
import { type Kysely, sql } from 'kysely';

// Frozen: do not import from src/. This file must mean the same thing a year from now.

export async function up(db: Kysely<any>): Promise<void> {
  // Releasing expired reservations looks them up by expiry; without this index it read every open reservation
  // of the tenant (and their dead versions) on each reservation.
  await sql`create index quota_reservation_expiry_ix on quota_reservation (tenant_id, expires_at)`.execute(db);
  // Reserving as one statement: the tenant's month row is locked for the time the function runs, instead of
  // for a transaction of nine round trips. The checks mirror exceededLimit in src/domain/quota.ts; a null limit
  // does not apply. Returns 0 when reserved, else 1, 2 or 3 for the limit that refused (nothing is counted).
  // Security invoker: it runs as the caller, so the row-level security policies apply to the tenant it sets.
  // Both functions commit asynchronously: the month row's lock is released at commit, and waiting there for the
  // WAL flush (about 1-2 ms) serialised a tenant's requests behind the disk. Other sessions see the change at
  // commit as before, so the limits stay exact across instances; a crash of the database server itself can lose
  // the counter changes of its last moments (up to three times wal_writer_delay, 600 ms by default).
  await sql`
    create function reserve_quota(
      tenant uuid, reservation uuid, minute_start timestamptz, budget_month text, at_time timestamptz, expires timestamptz,
      requests_max bigint, tokens_max bigint, budget_max_nano bigint, tokens_asked bigint, cost_asked_nano bigint
    ) returns integer
      language plpgsql volatile set search_path from current as $$
      declare
        spent bigint;
        reserved bigint;
        requests_used bigint := 0;
        tokens_used bigint := 0;
        expired record;
      begin
        perform set_config('app.tenant_id', tenant::text, true);
        perform set_config('synchronous_commit', 'off', true);
        insert into quota_budget (tenant_id, month) values (tenant, budget_month) on conflict do nothing;
        select b.spent_nano, b.reserved_nano into spent, reserved
          from quota_budget b where b.tenant_id = tenant and b.month = budget_month for update;
        for expired in
          delete from quota_reservation r where r.tenant_id = tenant and r.expires_at <= at_time returning r.month, r.cost_nano
        loop
          update quota_budget b set reserved_nano = b.reserved_nano - expired.cost_nano where b.tenant_id = tenant and b.month = expired.month;
          if expired.month = budget_month then reserved := reserved - expired.cost_nano; end if;
        end loop;
        select w.requests, w.tokens into requests_used, tokens_used
          from quota_window w where w.tenant_id = tenant and w.window_start = minute_start;
        requests_used := coalesce(requests_used, 0);
        tokens_used := coalesce(tokens_used, 0);
        if requests_max is not null and requests_used + 1 > requests_max then return 1; end if;
        if tokens_max is not null and tokens_used + tokens_asked > tokens_max then return 2; end if;
        if budget_max_nano is not null and cost_asked_nano > 0 and spent + reserved + cost_asked_nano > budget_max_nano then return 3; end if;
        insert into quota_window as w (tenant_id, window_start, requests, tokens) values (tenant, minute_start, 1, tokens_asked)
          on conflict (tenant_id, window_start) do update set requests = w.requests + 1, tokens = w.tokens + excluded.tokens;
        if cost_asked_nano > 0 then
          update quota_budget b set reserved_nano = b.reserved_nano + cost_asked_nano where b.tenant_id = tenant and b.month = budget_month;
          insert into quota_reservation (tenant_id, id, month, cost_nano, expires_at)
            values (tenant, reservation, budget_month, cost_asked_nano, expires);
        end if;
        return 0;
      end
    $$`.execute(db);
  // Settling as one statement: the month row is locked first, as in reserve_quota, so that a settlement and a
  // reservation releasing the same expired reservation cannot wait for each other.
  await sql`
    create function settle_quota(
      tenant uuid, reservation uuid, budget_month text, minute_start timestamptz, token_difference bigint, actual_cost_nano bigint
    ) returns void
      language plpgsql volatile set search_path from current as $$
      declare
        held bigint;
      begin
        perform set_config('app.tenant_id', tenant::text, true);
        perform set_config('synchronous_commit', 'off', true);
        insert into quota_budget (tenant_id, month) values (tenant, budget_month) on conflict do nothing;
        perform 1 from quota_budget b where b.tenant_id = tenant and b.month = budget_month for update;
        delete from quota_reservation r where r.tenant_id = tenant and r.id = reservation returning r.cost_nano into held;
        update quota_budget b set reserved_nano = b.reserved_nano - coalesce(held, 0), spent_nano = b.spent_nano + actual_cost_nano
          where b.tenant_id = tenant and b.month = budget_month;
        if token_difference <> 0 then
          insert into quota_window as w (tenant_id, window_start, requests, tokens) values (tenant, minute_start, 0, token_difference)
            on conflict (tenant_id, window_start) do update set tokens = w.tokens + excluded.tokens;
        end if;
      end
    $$`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop function settle_quota(uuid, uuid, text, timestamptz, bigint, bigint)`.execute(db);
  await sql`drop function reserve_quota(uuid, uuid, timestamptz, text, timestamptz, timestamptz, bigint, bigint, bigint, bigint, bigint)`.execute(db);
  await sql`drop index quota_reservation_expiry_ix`.execute(db);
}
