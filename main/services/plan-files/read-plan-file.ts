/** Reads a plan file (.xlsx or .csv) given as bytes, base64 or path, into SheetRows. */
import { basename } from 'node:path';
import type { FilePayload } from '../../../shared/ipc';
import type { SheetRows } from '../../../shared/plan/sheet';
import { UserError } from '../user-error';
import { readSheetBytes, readSheetPath } from './read-sheet-file';

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

const PLAN_FILE = 'un plan d’achats pris en charge';

/** Reads `bytes` named `fileName` according to its extension. */
export async function readPlanBytes(
  bytes: Uint8Array,
  fileName: string,
): Promise<SheetRows> {
  return readSheetBytes(bytes, fileName, PLAN_FILE);
}

/** Reads a plan from a path on disk (CLI). */
export async function readPlanPath(path: string): Promise<SheetRows> {
  return readSheetPath(path, PLAN_FILE);
}

/** Reads a plan sent by the renderer. */
export async function readPlanPayload(payload: FilePayload): Promise<SheetRows> {
  return readPlanBytes(payloadBytes(payload), payload.name);
}
