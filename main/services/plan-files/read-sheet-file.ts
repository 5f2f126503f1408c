/** Reading a spreadsheet the user gave (.xlsx or .csv), from disk or from bytes. */
import { readFile } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import type { SheetRows } from '../../../shared/plan/sheet';
import { UserError } from '../user-error';
import { readCsvSheet } from './read-csv-sheet';
import { readXlsxSheet } from './read-xlsx-sheet';

/** The bytes of a file the user named; a missing or unreadable file gets a French message. */
export async function readUserFile(path: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UserError(
      code === 'ENOENT'
        ? `Le fichier « ${path} » est introuvable.`
        : `Le fichier « ${path} » ne peut pas être lu (${code ?? 'erreur inconnue'}).`,
    );
  }
}

/**
 * Reads `bytes` named `fileName` as a sheet, by its extension. `what` ends the
 * refusal of another extension: « n’est pas <what> ».
 */
export async function readSheetBytes(
  bytes: Uint8Array,
  fileName: string,
  what: string,
): Promise<SheetRows> {
  const name = basename(fileName);
  const extension = extname(name).toLowerCase();
  if (extension === '.xls') {
    throw new UserError(
      `Le fichier « ${name} » est au format Excel 97-2003 (.xls), non pris en charge : ` +
        'ouvrez-le dans votre tableur et enregistrez-le au format .xlsx.',
    );
  }
  if (extension !== '.xlsx' && extension !== '.csv') {
    throw new UserError(
      `Le fichier « ${name} » n’est pas ${what} : ` +
        'fournissez un classeur Excel (.xlsx) ou un fichier CSV (.csv).',
    );
  }
  if (bytes.length === 0) throw new UserError(`Le fichier « ${name} » est vide.`);
  return extension === '.csv' ? readCsvSheet(bytes, name) : readXlsxSheet(bytes, name);
}

/** Reads the sheet at `path` (see readSheetBytes). */
export async function readSheetPath(path: string, what: string): Promise<SheetRows> {
  return readSheetBytes(await readUserFile(path), path, what);
}
