import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildTestApp, type Client, FINANCE, postEntry, readyTenant, type TestFinance } from '../helpers.js';
import { countRows, sqlError, sqlRows, withSql } from '../sql.js';
import { postDirectly } from './direct-posting.js';

let finance: TestFinance;
let client: Client;
let posted: { id: string; number: number };
beforeAll(async () => {
  finance = await buildTestApp(inject('adminUrl'));
  client = await readyTenant(finance);
  posted = await postEntry(client);
  await client.post(`${FINANCE}/fiscal-years/2026/periods/2/close`, {});
  await client.post(`${FINANCE}/fiscal-years/2026/periods/3/lock`, {});
});
afterAll(() => finance.close());

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => 'committed',
    (error: { code?: string }) => error.code ?? String(error),
  );

describe('the journal in the database, around the service', () => {
  it('should refuse an unbalanced entry at commit, inserted with plain SQL by the runtime role', async () => {
    const outcome = await withSql(
      finance,
      'runtime',
      (sql) =>
        failure(
          postDirectly(sql, client.tenantId, {
            date: '2026-01-10',
            year: 2026,
            period: 1,
            number: 100,
            lines: [
              ['1000', '100.00', '0'],
              ['8200', '0', '99.99'],
            ],
          }),
        ),
      client.tenantId,
    );

    expect(outcome).toBe('FN004');
    expect(await countRows(finance, 'journal_entry', client.tenantId)).toBe(1);
  });

  it('should refuse an entry of one line, and lines left on a draft', async () => {
    const oneLine = await withSql(finance, 'owner', (sql) =>
      failure(postDirectly(sql, client.tenantId, { date: '2026-01-10', year: 2026, period: 1, number: 100, lines: [['1000', '100.00', '0']] })),
    );
    const onDraft = await withSql(finance, 'owner', (sql) =>
      failure(
        postDirectly(sql, client.tenantId, {
          date: '2026-01-10',
          year: 2026,
          period: 1,
          number: 100,
          post: false,
          lines: [
            ['1000', '1.00', '0'],
            ['8200', '0', '1.00'],
          ],
        }),
      ),
    );

    expect([oneLine, onDraft]).toEqual(['FN004', 'FN004']);
  });

  it('should accept a balanced entry posted with plain SQL into an open period (the rules refuse only what breaks them)', async () => {
    const outcome = await withSql(
      finance,
      'runtime',
      (sql) =>
        failure(
          postDirectly(sql, client.tenantId, {
            date: '2026-01-11',
            year: 2026,
            period: 1,
            number: 50,
            lines: [
              ['1000', '7.00', '0'],
              ['8200', '0', '7.00'],
            ],
          }),
        ),
      client.tenantId,
    );

    expect(outcome).toBe('committed');
  });

  it('should refuse postings into closed, locked and missing periods', async () => {
    const post = (date: string, period: number) =>
      withSql(finance, 'owner', (sql) =>
        failure(
          postDirectly(sql, client.tenantId, {
            date,
            year: 2026,
            period,
            number: 200 + period,
            lines: [
              ['1000', '1.00', '0'],
              ['8200', '0', '1.00'],
            ],
          }),
        ),
      );

    expect(await post('2026-02-10', 2)).toBe('FN002');
    expect(await post('2026-03-10', 3)).toBe('FN005');
    expect(await post('2031-03-10', 3)).toBe('FN003');
  });

  it('should refuse a posting that names another period than its date', async () => {
    const outcome = await withSql(finance, 'owner', (sql) =>
      failure(
        postDirectly(sql, client.tenantId, {
          date: '2026-01-10',
          year: 2026,
          period: 4,
          number: 300,
          lines: [
            ['1000', '1.00', '0'],
            ['8200', '0', '1.00'],
          ],
        }),
      ),
    );

    expect(outcome).toBe('FN010');
  });

  it('should refuse to update or delete posted lines: the runtime role lacks the right, the owner meets the trigger', async () => {
    const statements = [
      `update journal_line set debit = debit + 1 where entry_id = '${posted.id}'`,
      `delete from journal_line where entry_id = '${posted.id}'`,
    ];

    const runtime = await Promise.all(statements.map((statement) => sqlError(finance, 'runtime', statement, client.tenantId)));
    const owner = await Promise.all(statements.map((statement) => sqlError(finance, 'owner', statement)));
    const truncate = await sqlError(finance, 'owner', 'truncate journal_line');

    expect(runtime.map((error) => error.code)).toEqual(['42501', '42501']);
    expect(owner.map((error) => error.code)).toEqual(['FN001', 'FN001']);
    expect(truncate.code).toBe('FN006');
  });

  it('should refuse to update or delete a posted entry, even for the owner', async () => {
    const statements = [`update journal_entry set description = 'geändert' where id = '${posted.id}'`, `delete from journal_entry where id = '${posted.id}'`];

    const runtime = await Promise.all(statements.map((statement) => sqlError(finance, 'runtime', statement, client.tenantId)));
    const owner = await Promise.all(statements.map((statement) => sqlError(finance, 'owner', statement)));

    expect(runtime.map((error) => error.code)).toEqual(['FN001', 'FN001']);
    expect(owner.map((error) => error.code)).toEqual(['FN001', 'FN001']);
  });

  it('should refuse a line added to a posted entry', async () => {
    const error = await sqlError(
      finance,
      'owner',
      `insert into journal_line (tenant_id, entry_id, line_no, account, debit, credit, debit_base, credit_base) values ('${client.tenantId}', '${posted.id}', 9, '1000', 1, 0, 1, 0)`,
    );

    expect(error.code).toBe('FN001');
  });

  it('should refuse an entry created as posted', async () => {
    const error = await sqlError(
      finance,
      'owner',
      `insert into journal_entry (tenant_id, id, status, fiscal_year, period, number, posting_date, document_date, document_ref, description, currency, exchange_rate,
         created_by, posted_at, posted_by, seal_version, previous_hash, hash)
       values ('${client.tenantId}', gen_random_uuid(), 'posted', 2026, 1, 400, '2026-01-05', '2026-01-05', 'X', '', 'EUR', 1, 'sql', now(), 'sql', 1, repeat('0', 64), repeat('b', 64))`,
    );

    expect(error.code).toBe('FN010');
  });
});

describe('amount columns', () => {
  const insertLine = (debit: string, credit: string) =>
    withSql(finance, 'owner', async (sql) => {
      const [entry] = (
        await sql.query(
          `insert into journal_entry (tenant_id, id, posting_date, document_date, document_ref, description, currency, exchange_rate, created_by)
           values ($1, gen_random_uuid(), '2026-01-05', '2026-01-05', 'X', '', 'EUR', 1, 'sql') returning id`,
          [client.tenantId],
        )
      ).rows as Array<{ id: string }>;
      return failure(
        sql.query(
          `insert into journal_line (tenant_id, entry_id, line_no, account, debit, credit, debit_base, credit_base) values ($1, $2, 1, '1000', $3, $4, $3, $4)`,
          [client.tenantId, entry?.id, debit, credit],
        ),
      );
    });

  it.each([
    ['a negative amount', '-5.00', '0', '23514'],
    ['debit and credit on one line', '5.00', '5.00', '23514'],
    ['neither debit nor credit', '0', '0', '23514'],
    ['more than numeric(18,2) holds', '100000000000000000.00', '0', '22003'],
  ])('should refuse %s', async (_case, debit, credit, code) => {
    expect(await insertLine(debit, credit)).toBe(code);
  });

  it('should store two decimals exactly', async () => {
    const [row] = await sqlRows<{ debit: string }>(finance, 'admin', `select debit::text from journal_line where entry_id = $1 and line_no = 1`, [posted.id]);

    expect(row?.debit).toBe('119.00');
  });
});
