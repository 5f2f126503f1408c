/** Reading a spreadsheet the user gave (.xlsx, .csv or .txt), from disk or from bytes. */
import { readFile } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import type { SheetRows } from '../../../shared/plan/sheet';
import { UserError } from '../user-error';
import { readCsvSheet } from './read-csv-sheet';
import { readXlsxSheet } from './read-xlsx-sheet';

/** Text files read as CSV: .txt is what Excel's « Texte Unicode » and « Texte (séparateur : tabulation) » save. */
const TEXT_EXTENSIONS = ['.csv', '.txt'];

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
  // No well-kept library that reads OpenDocument is at hand (SheetJS on npm
  // is no longer updated): say how to get an .xlsx instead.
  if (extension === '.ods') {
    throw new UserError(
      `Le fichier « ${name} » n’est pas ${what} : le format OpenDocument (.ods) ` +
        'n’est pas lu. Dans LibreOffice Calc, choisissez Fichier › Enregistrer sous… ' +
        'et le type « Excel 2007-365 (.xlsx) ».',
    );
  }
  if (extension !== '.xlsx' && !TEXT_EXTENSIONS.includes(extension)) {
    throw new UserError(
      `Le fichier « ${name} » n’est pas ${what} : ` +
        'fournissez un classeur Excel (.xlsx) ou un fichier CSV (.csv, .txt).',
    );
  }
  if (bytes.length === 0) throw new UserError(`Le fichier « ${name} » est vide.`);
  return extension === '.xlsx' ? readXlsxSheet(bytes, name) : readCsvSheet(bytes, name);
}

/** Reads the sheet at `path` (see readSheetBytes). */
export async function readSheetPath(path: string, what: string): Promise<SheetRows> {
  return readSheetBytes(await readUserFile(path), path, what);
}
