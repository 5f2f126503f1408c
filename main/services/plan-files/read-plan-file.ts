/** Reads a plan file (.xlsx or .csv) given as bytes, base64 or path, into SheetRows. */
import { readFile } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import type { FilePayload } from '../../../shared/ipc';
import type { SheetRows } from '../../../shared/plan/sheet';
import { UserError } from '../user-error';
import { readCsvSheet } from './read-csv-sheet';
import { readXlsxSheet } from './read-xlsx-sheet';

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** The bytes of a payload sent by the renderer. */
export function payloadBytes(payload: FilePayload): Uint8Array {
  if (typeof payload?.name !== 'string' || typeof payload.base64 !== 'string') {
    throw new UserError('Le fichier reçu est incomplet (nom ou contenu manquant).');
  }
  // Buffer.from skips characters outside base64: check first, or a corrupt
  // payload would be read as some other, garbled file.
  const base64 = payload.base64.replace(/\s+/g, '');
  if (!BASE64.test(base64) || base64.length % 4 === 1) {
    throw new UserError(
      `Le contenu du fichier « ${basename(payload.name)} » est illisible (base64 invalide).`,
    );
  }
  return Buffer.from(base64, 'base64');
}

/** Reads `bytes` named `fileName` according to its extension. */
export async function readPlanBytes(
  bytes: Uint8Array,
  fileName: string,
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
      `Le fichier « ${name} » n’est pas un plan d’achats pris en charge : ` +
        'fournissez un classeur Excel (.xlsx) ou un fichier CSV (.csv).',
    );
  }
  if (bytes.length === 0) throw new UserError(`Le fichier « ${name} » est vide.`);
  return extension === '.csv' ? readCsvSheet(bytes, name) : readXlsxSheet(bytes, name);
}

/** Reads a plan from a path on disk (CLI). */
export async function readPlanPath(path: string): Promise<SheetRows> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UserError(
      code === 'ENOENT'
        ? `Le fichier « ${path} » est introuvable.`
        : `Le fichier « ${path} » ne peut pas être lu (${code ?? 'erreur inconnue'}).`,
    );
  }
  return readPlanBytes(bytes, path);
}

/** Reads a plan sent by the renderer. */
export async function readPlanPayload(payload: FilePayload): Promise<SheetRows> {
  return readPlanBytes(payloadBytes(payload), payload.name);
}
