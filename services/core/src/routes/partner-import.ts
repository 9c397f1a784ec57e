import type { Readable } from 'node:stream';
import { type ServiceApp, withIdempotency } from '@erp/kit';
import Type from 'typebox';
import { decodeCsv, parseCsvFile } from '../domain/csv-file.js';
import { ImportMediaTypeError, ImportTooLargeError } from '../errors.js';
import { importPartners } from '../partners/import-partners.js';
import { actorOf, type PartnerRouteOptions, permissionsOf } from './context.js';

const ImportQuery = Type.Object(
  {
    dry_run: Type.Union([Type.Literal('true'), Type.Literal('false')], { default: 'true' }),
    on_error: Type.Union([Type.Literal('abort'), Type.Literal('skip')], { default: 'abort' }),
  },
  { additionalProperties: false },
);

const RowResult = Type.Object({
  row: Type.Integer(),
  status: Type.Union(['created', 'updated', 'unchanged', 'rejected'].map((status) => Type.Literal(status))),
  id: Type.Union([Type.String(), Type.Null()]),
  number: Type.Union([Type.String(), Type.Null()]),
  changed_fields: Type.Array(Type.String()),
  errors: Type.Array(Type.Object({ column: Type.Union([Type.String(), Type.Null()]), detail: Type.String() })),
});

const ImportResult = Type.Object({
  dry_run: Type.Boolean(),
  imported: Type.Boolean(),
  summary: Type.Object({ rows: Type.Integer(), created: Type.Integer(), updated: Type.Integer(), unchanged: Type.Integer(), rejected: Type.Integer() }),
  results: Type.Array(RowResult),
});

/** Reads a request body up to `limitBytes`, refusing a larger one (by its Content-Length, or while it streams). */
async function readLimited(payload: Readable, limitBytes: number, contentLength: string | undefined): Promise<Buffer> {
  if (Number(contentLength) > limitBytes) throw new ImportTooLargeError(limitBytes);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of payload) {
    size += (chunk as Buffer).length;
    if (size > limitBytes) throw new ImportTooLargeError(limitBytes);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/**
 * POST /customers/import: a CSV file (text/csv, UTF-8, comma, semicolon or tab separated) creates and
 * updates customers. A dry run (the default) only reports per row what would happen; `dry_run=false`
 * imports everything or, if a row is rejected, nothing, unless `on_error=skip` asks for the valid rows.
 */
export async function partnerImportRoutes(app: ServiceApp, { context, role }: PartnerRouteOptions): Promise<void> {
  const { write } = permissionsOf(role);
  const limitBytes = context.config.importBodyLimitBytes;
  // Only CSV in this plugin's scope; JSON and everything else answer 415 with a hint at text/csv.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('text/csv', async (request: { headers: Record<string, string | string[] | undefined> }, payload: Readable) =>
    readLimited(payload, limitBytes, request.headers['content-length'] as string | undefined),
  );
  app.addContentTypeParser('*', async (request: { headers: Record<string, string | string[] | undefined> }) => {
    throw new ImportMediaTypeError(String(request.headers['content-type'] ?? 'none').slice(0, 100));
  });

  app.post('/import', { schema: { querystring: ImportQuery, response: { 200: ImportResult } }, config: { permission: write } }, async (request, reply) => {
    if (!Buffer.isBuffer(request.body)) throw new ImportMediaTypeError(String(request.headers['content-type'] ?? 'none').slice(0, 100));
    const file = parseCsvFile(decodeCsv(request.body), context.config.importRowsMax);
    const actor = actorOf(request);
    const options = { dryRun: request.query.dry_run === 'true', onError: request.query.on_error };
    return withIdempotency(context.db, request, reply, { tenantId: actor.tenantId }, async (trx) => ({
      status: 200,
      body: await importPartners(trx, actor, role, file, options, context.newId),
    }));
  });
}
