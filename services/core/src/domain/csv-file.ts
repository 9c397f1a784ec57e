import { CsvError, parse } from 'csv-parse/sync';
import { ImportEncodingError, ImportHeaderError, ImportMalformedError, ImportTooManyRowsError } from '../errors.js';
import { CSV_COLUMNS, type CsvColumn } from './csv-rows.js';

/** A CSV file's known columns and its data records, each with the row number a spreadsheet shows. */
export interface CsvFile {
  columns: CsvColumn[];
  records: { row: number; cells: string[] }[];
}

const DELIMITERS = [',', ';', '\t'] as const;
// A record longer than this is no customer row; it also bounds the parser's memory per record.
const RECORD_SIZE_MAX = 64 * 1024;

/** UTF-8 text of the file without a byte order mark; 422 `CORE_IMPORT_ENCODING` for anything else (e.g. Windows-1252). */
export function decodeCsv(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new ImportEncodingError();
  }
}

/** The delimiter used in the header line: comma, semicolon (as German spreadsheets save CSV) or tab. */
export function detectDelimiter(text: string): string {
  const header = text.slice(0, text.search(/\r?\n|$/));
  const counts = DELIMITERS.map((delimiter) => header.split(delimiter).length - 1);
  const best = Math.max(...counts);
  return best === 0 ? ',' : (DELIMITERS[counts.indexOf(best)] ?? ',');
}

/**
 * Parses a CSV file with a header line naming known columns (in any order and case). Refuses, with one
 * 422 problem for the whole file, malformed CSV, unknown or repeated columns, no rows, or more than `rowsMax` rows.
 */
export function parseCsvFile(text: string, rowsMax: number): CsvFile {
  let lines: string[][];
  try {
    lines = parse(text, { delimiter: detectDelimiter(text), bom: true, skip_empty_lines: true, max_record_size: RECORD_SIZE_MAX });
  } catch (error) {
    if (error instanceof CsvError) throw new ImportMalformedError(error.message);
    throw error;
  }
  const [header, ...records] = lines;
  if (!header) throw new ImportMalformedError('the file is empty.');
  const columns = toColumns(header);
  if (records.length === 0) throw new ImportMalformedError('the file has no rows below the header line.');
  if (records.length > rowsMax) throw new ImportTooManyRowsError(rowsMax);
  return { columns, records: records.map((cells, index) => ({ row: index + 2, cells })) };
}

function toColumns(header: string[]): CsvColumn[] {
  const names = header.map((name) => name.trim().toLowerCase());
  const unknown = names.filter((name) => !(CSV_COLUMNS as readonly string[]).includes(name));
  if (unknown.length > 0) throw new ImportHeaderError(`unknown column(s) ${unknown.map((name) => `"${name.slice(0, 40)}"`).join(', ')}.`);
  const repeated = names.filter((name, index) => names.indexOf(name) !== index);
  if (repeated.length > 0) throw new ImportHeaderError(`column(s) ${[...new Set(repeated)].join(', ')} appear more than once.`);
  return names as CsvColumn[];
}
