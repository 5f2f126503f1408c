/** Reads a CSV file into header-keyed records, failing loudly on malformed rows. */
import { readFileSync } from 'node:fs';
import Papa from 'papaparse';

/** One parsed record and its 1-based record number (header excluded). */
export interface CsvRecord {
  recordNumber: number;
  fields: Record<string, string>;
}

/** Parses a UTF-8 CSV (BOM tolerated); quoted fields may hold line breaks. */
export function readCsv(path: string, delimiter: ',' | ';' = ','): CsvRecord[] {
  let text = readFileSync(path, 'utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const parsed = Papa.parse<Record<string, string>>(text, {
    header: true,
    delimiter,
    skipEmptyLines: true,
  });
  const fatal = parsed.errors.find((error) => error.type !== 'Delimiter');
  if (fatal) {
    throw new Error(
      `Fichier ${path}, ligne de données ${(fatal.row ?? 0) + 1} : ${fatal.message}`,
    );
  }
  return parsed.data.map((fields, index) => ({ recordNumber: index + 1, fields }));
}

/** A field of a record, trimmed; '' when the column is missing. */
export function field(record: CsvRecord, column: string): string {
  return (record.fields[column] ?? '').trim();
}
