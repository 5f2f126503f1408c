/**
 * The column mappings the buyer chose, kept as one JSON list in the
 * settings table of plans.sqlite and read back checked: a damaged value is
 * reported in French and ignored, never a crash.
 */
import type { Database } from 'sql.js';
import {
  isSavedColumnMapping,
  type SavedColumnMapping,
} from '../../../shared/plan/column-mapping';
import { PLAN_COLUMN_KEYS, type PlanColumnKey } from '../../../shared/plan/plan-columns';
import { UserError } from '../user-error';

/** Key of the mappings in the settings table. */
export const COLUMN_MAPPINGS_KEY = 'column-mappings';

/** Most mappings kept: the oldest choices go first. */
const MAX_MAPPINGS = 200;

/** Most header cells a choice may give. */
const MAX_HEADERS = 500;

/** The saved mappings, and a French note when some could not be read. */
export interface ReadMappings {
  mappings: SavedColumnMapping[];
  problem: string | null;
}

const LOST =
  'choisissez à nouveau les colonnes des fichiers concernés lors de leur prochain import.';

/** Reads the saved mappings, skipping any that is not well formed. */
export function readColumnMappings(db: Database): ReadMappings {
  const row = db.exec('SELECT value FROM settings WHERE key = ?', [
    COLUMN_MAPPINGS_KEY,
  ])[0]?.values[0];
  if (!row) return { mappings: [], problem: null };
  let value: unknown;
  try {
    value = JSON.parse(String(row[0]));
  } catch {
    value = undefined;
  }
  if (!Array.isArray(value)) {
    return {
      mappings: [],
      problem: `Les correspondances de colonnes enregistrées sont illisibles : ${LOST}`,
    };
  }
  const mappings = value.filter(isSavedColumnMapping);
  const lost = value.length - mappings.length;
  const problem =
    lost === 0
      ? null
      : lost === 1
        ? `Une correspondance de colonnes enregistrée est illisible et ignorée : ${LOST}`
        : `${lost} correspondances de colonnes enregistrées sont illisibles et ignorées : ${LOST}`;
  return { mappings, problem };
}

/**
 * Keeps `mapping` in place of any other for the same headers (the most
 * recent last); mappings that could not be read are dropped.
 */
export function saveColumnMapping(
  db: Database,
  mapping: SavedColumnMapping,
): SavedColumnMapping[] {
  const kept = readColumnMappings(db).mappings.filter(
    (m) => m.signature !== mapping.signature,
  );
  const mappings = [...kept, mapping].slice(-MAX_MAPPINGS);
  db.run('INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)', [
    COLUMN_MAPPINGS_KEY,
    JSON.stringify(mappings),
  ]);
  return mappings;
}

/** The buyer's choice as received: one plan column or null per header cell. */
export function checkColumnChoice(value: unknown): (PlanColumnKey | null)[] {
  const keys: readonly unknown[] = PLAN_COLUMN_KEYS;
  if (
    !Array.isArray(value) ||
    value.length > MAX_HEADERS ||
    !value.every((k) => k === null || keys.includes(k))
  ) {
    throw new UserError(
      'Le choix des colonnes reçu est illisible : choisissez à nouveau les colonnes.',
    );
  }
  return value as (PlanColumnKey | null)[];
}
