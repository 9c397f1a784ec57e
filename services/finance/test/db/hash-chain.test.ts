import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { canonicalEntry } from '../../src/domain/entry-seal.js';
import { buildTestApp, type Client, credit, debit, entryInput, FINANCE, postEntry, readyTenant, type TestFinance } from '../helpers.js';
import { sqlError, withSql } from '../sql.js';

let finance: TestFinance;
beforeAll(async () => {
  finance = await buildTestApp(inject('adminUrl'));
});
afterAll(() => finance.close());

/** A tenant with five posted entries, numbered 1 to 5. */
async function tenantWithJournal(): Promise<{ client: Client; entries: Array<{ id: string; number: number; hash: string }> }> {
  const client = await readyTenant(finance);
  const entries = [];
  for (let index = 1; index <= 5; index += 1) {
    entries.push(await postEntry(client, entryInput({ lines: [debit('1200', `${index}00.00`), credit('8400', `${index}00.00`)] })));
  }
  return { client, entries };
}

/** Runs statements as the superuser with every trigger and foreign key switched off, as a tamperer with full access could. */
const behindTheBack = (...statements: string[]) =>
  withSql(finance, 'admin', async (sql) => {
    await sql.query('set session_replication_role = replica');
    for (const statement of statements) await sql.query(statement);
  });

const verify = async (client: Client) => (await client.get(`${FINANCE}/audit/verify?fiscal_year=2026`)).json();

describe('the audit hash chain', () => {
  it('should find a posted line changed with the triggers disabled', async () => {
    const { client, entries } = await tenantWithJournal();
    const target = entries[2];

    await behindTheBack(
      `update journal_line set credit = credit - 1, credit_base = credit_base - 1 where entry_id = '${target?.id}' and line_no = 2`,
      `update journal_line set credit = credit + 1, credit_base = credit_base + 1 where entry_id = '${target?.id}' and line_no = 3`,
    );

    expect(await verify(client)).toMatchObject({
      status: 'broken',
      entries_checked: 2,
      first_break: { number: 3, entry_id: target?.id, reason: 'hash_mismatch' },
    });
  });

  it('should find a changed entry header', async () => {
    const { client, entries } = await tenantWithJournal();

    await behindTheBack(`update journal_entry set document_ref = 'RE-forged' where id = '${entries[1]?.id}'`);

    expect((await verify(client)).first_break).toEqual({ number: 2, entry_id: entries[1]?.id, reason: 'hash_mismatch' });
  });

  it('should find a deleted entry as a gap in the numbers', async () => {
    const { client, entries } = await tenantWithJournal();

    await behindTheBack(`delete from journal_line where entry_id = '${entries[3]?.id}'`, `delete from journal_entry where id = '${entries[3]?.id}'`);

    expect((await verify(client)).first_break).toEqual({ number: 4, entry_id: entries[4]?.id, reason: 'number_gap' });
  });

  it('should find a deleted last entry against the counter', async () => {
    const { client, entries } = await tenantWithJournal();

    await behindTheBack(`delete from journal_line where entry_id = '${entries[4]?.id}'`, `delete from journal_entry where id = '${entries[4]?.id}'`);

    expect((await verify(client)).first_break).toEqual({ number: 5, entry_id: null, reason: 'number_gap' });
  });

  it('should find a forger who re-sealed the changed entry but not its successors', async () => {
    const { client, entries } = await tenantWithJournal();
    const target = entries[1];
    await behindTheBack(`update journal_entry set description = 'umgeschrieben' where id = '${target?.id}'`);
    const [row] = await withSql(
      finance,
      'admin',
      async (sql) => (await sql.query(`select previous_hash from journal_entry where id = $1`, [target?.id])).rows as Array<{ previous_hash: string }>,
    );
    const forged = (await client.get(`${FINANCE}/transactions/${target?.id}`)).json();
    const canonical = canonicalEntry({
      tenantId: client.tenantId,
      id: forged.id,
      fiscalYear: 2026,
      number: forged.number,
      postingDate: forged.posting_date,
      documentDate: forged.document_date,
      documentRef: forged.document_ref,
      description: forged.description,
      currency: forged.currency,
      exchangeRate: forged.exchange_rate,
      reversalOf: null,
      postedAt: forged.posted_at,
      postedBy: forged.posted_by,
      lines: forged.lines.map((line: Record<string, unknown>) => ({
        lineNo: line.line_no,
        account: line.account,
        debit: line.debit,
        credit: line.credit,
        debitBase: line.debit_base,
        creditBase: line.credit_base,
        taxCode: line.tax_code,
        taxOf: line.tax_of,
        text: line.text,
        costCenter: line.cost_center,
      })),
    });
    const resealed = createHash('sha256').update(`${row?.previous_hash}${canonical}`).digest('hex');

    await behindTheBack(`update journal_entry set hash = '${resealed}' where id = '${target?.id}'`);

    expect((await verify(client)).first_break).toEqual({ number: 3, entry_id: entries[2]?.id, reason: 'previous_hash_mismatch' });
  });

  it('should find an entry slipped in beyond the counter', async () => {
    const { client, entries } = await tenantWithJournal();
    const last = entries[4];

    await behindTheBack(
      `insert into journal_entry (tenant_id, id, status, fiscal_year, period, number, posting_date, document_date, document_ref, description, currency, exchange_rate,
         created_by, posted_at, posted_by, seal_version, previous_hash, hash)
       values ('${client.tenantId}', gen_random_uuid(), 'posted', 2026, 1, 6, '2026-01-05', '2026-01-05', 'X', '', 'EUR', 1, 'sql', now(), 'sql', 1, '${last?.hash}', repeat('c', 64))`,
    );

    expect(await verify(client)).toMatchObject({ status: 'broken', entries_checked: 5, first_break: { number: 6, reason: 'unsealed_entry' } });
  });

  it('should not let the runtime role switch the triggers off', async () => {
    const error = await sqlError(finance, 'runtime', 'set session_replication_role = replica');

    expect(error.code).toBe('42501');
  });
});
