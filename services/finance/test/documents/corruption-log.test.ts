import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectServiceDb, type ServiceLogger } from '@erp/kit';
import { createTestDatabase, createTestTokens } from '@erp/kit/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import type { FinanceDb } from '../../src/db/schema.js';
import { FINANCE, migrationsFolder, readyTenant, type TestFinance } from '../helpers.js';
import { filePath, pdf, uploaded } from '../routes/document-helpers.js';

interface Line {
  level: string;
  fields: Record<string, unknown>;
  message: string | undefined;
}

/** A logger that keeps what it is told, with the methods Fastify calls on one. */
function capturingLogger(lines: Line[]): ServiceLogger {
  const keep = (level: string) => (fields: unknown, message?: string) => {
    lines.push({ level, fields: typeof fields === 'object' && fields !== null ? (fields as Record<string, unknown>) : {}, message });
  };
  const logger = {
    level: 'info',
    fatal: keep('fatal'),
    error: keep('error'),
    warn: keep('warn'),
    info: keep('info'),
    debug: () => undefined,
    trace: () => undefined,
    silent: () => undefined,
    child: () => logger,
  };
  return logger as unknown as ServiceLogger;
}

const lines: Line[] = [];
let finance: TestFinance;
beforeAll(async () => {
  const database = await createTestDatabase(inject('adminUrl'));
  const documentsDir = await mkdtemp(join(tmpdir(), 'erp-finance-documents-'));
  const config = loadConfig({ DATABASE_URL: database.adminUrl, FINANCE_DOCUMENTS_DIR: documentsDir });
  const db = await connectServiceDb<FinanceDb>({ adminUrl: database.adminUrl, service: 'finance', migrationsFolder });
  const tokens = await createTestTokens();
  const app = await buildApp({ config, db, verifier: tokens.verifier, logger: capturingLogger(lines) });
  const close = async () => {
    await app.close();
    await database.drop();
    await rm(documentsDir, { recursive: true, force: true });
  };
  finance = { app, db, database, tokens, documentsDir, close };
});
afterAll(() => finance.close());

describe('a corrupted document file', () => {
  it('should be logged at error level with the document and its hash, and not served', async () => {
    const client = await readyTenant(finance);
    const document = await uploaded(client, pdf());
    await writeFile(filePath(finance, document.sha256), 'altered');

    const response = await client.get(`${FINANCE}/documents/${document.id}/content`);

    expect([response.statusCode, response.json().code]).toEqual([500, 'FIN_DOCUMENT_CORRUPTED']);
    expect(lines.filter((line) => line.level === 'error' && line.fields.document === document.id)).toEqual([
      {
        level: 'error',
        fields: { document: document.id, sha256: document.sha256, found: { status: 'corrupted', actualSha256: expect.stringMatching(/^[0-9a-f]{64}$/) } },
        message: 'document file missing or altered; not served',
      },
    ]);
  });
});
