/**
 * Which columns a plan file needs the buyer to confirm, and the mapping the
 * buyer chose, remembered for every file with the same headers.
 */
import { foldText } from '../text/fold-text';
import {
  matchPlanHeaders,
  PLAN_COLUMN_KEYS,
  planHeader,
  type HeaderConfidence,
  type PlanColumnKey,
} from './plan-columns';
import type { CellValue } from './sheet';

/** Columns a plan cannot do without; each group is satisfied by any of its keys. */
export const REQUIRED_COLUMNS: readonly { name: string; keys: PlanColumnKey[] }[] = [
  { name: planHeader('title'), keys: ['title'] },
  { name: planHeader('place'), keys: ['place', 'commune', 'postcode'] },
  {
    name: `${planHeader('cpv')}, ${planHeader('sector')} ou ${planHeader('keywords')}`,
    keys: ['cpv', 'sector', 'keywords'],
  },
];

/** A header cell and the column it is taken for. */
export interface ColumnGuess {
  index: number;
  header: string;
  key: PlanColumnKey | null;
  /** 'user' when the buyer chose it; null for an ignored column. */
  confidence: HeaderConfidence | 'user' | null;
}

/** What the mapping screen needs to show for a header row. */
export interface ColumnMappingProposal {
  signature: string;
  columns: ColumnGuess[];
  /** Required groups no column answers, by their French name. */
  missing: string[];
  /** Required columns found only by a guess from their words. */
  unsure: PlanColumnKey[];
  /** True when the buyer must confirm the columns before the import. */
  needsConfirmation: boolean;
}

/**
 * A mapping the buyer chose, saved as JSON (settings table) and reused for
 * any file whose folded headers give the same signature.
 */
export interface SavedColumnMapping {
  format: 'passerelle-column-mapping';
  version: 1;
  signature: string;
  /** The headers as the file wrote them, to show the mapping again. */
  headers: string[];
  /** For each header cell, the column it holds; null to ignore it. */
  columns: (PlanColumnKey | null)[];
  /** ISO date-time of the choice. */
  savedAt: string;
}

function headerTexts(cells: readonly CellValue[]): string[] {
  const texts = cells.map((c) =>
    c === null || c === undefined ? '' : c instanceof Date ? '' : String(c).trim(),
  );
  while (texts.length > 0 && texts[texts.length - 1] === '') texts.pop();
  return texts;
}

/**
 * The folded headers in order, joined by « | » (folding leaves no « | »):
 * « Intitulé ; Qté » and « INTITULE ; qte » give the same signature.
 */
export function headerSignature(cells: readonly CellValue[]): string {
  return headerTexts(cells)
    .map((h) => foldText(h))
    .join('|');
}

function statusOf(
  columns: ColumnGuess[],
): Omit<ColumnMappingProposal, 'signature' | 'columns'> {
  const byKey = new Map(columns.filter((c) => c.key !== null).map((c) => [c.key, c]));
  const missing = REQUIRED_COLUMNS.filter((g) => g.keys.every((k) => !byKey.has(k))).map(
    (g) => g.name,
  );
  const unsure = REQUIRED_COLUMNS.flatMap((g) => {
    const present = g.keys.filter((k) => byKey.has(k));
    const sure = present.some((k) => byKey.get(k)?.confidence !== 'fuzzy');
    return sure ? [] : present;
  });
  return { missing, unsure, needsConfirmation: missing.length > 0 || unsure.length > 0 };
}

/**
 * The columns of a header row as recognised, or as the buyer mapped them for
 * the same headers before: what the mapping screen starts from.
 */
export function proposeColumnMapping(
  cells: readonly CellValue[],
  saved: readonly SavedColumnMapping[] = [],
): ColumnMappingProposal {
  const signature = headerSignature(cells);
  const headers = headerTexts(cells);
  const chosen = saved.find((m) => m.signature === signature);
  let columns: ColumnGuess[];
  if (chosen) {
    columns = headers.map((header, index) => {
      const key = chosen.columns[index] ?? null;
      return { index, header, key, confidence: key === null ? null : 'user' };
    });
  } else {
    const match = matchPlanHeaders(cells);
    const keyAt = new Map([...match.columns].map(([key, index]) => [index, key]));
    columns = headers.map((header, index) => {
      const key = keyAt.get(index) ?? null;
      return {
        index,
        header,
        key,
        confidence: key === null ? null : (match.confidence.get(key) ?? null),
      };
    });
  }
  return { signature, columns, ...statusOf(columns) };
}

export type MappingChoice =
  { ok: true; mapping: SavedColumnMapping } | { ok: false; message: string };

/**
 * The buyer's choice for a header row, checked: one key per column at most,
 * every required group answered. The message says what to fix, in French.
 */
export function chooseColumnMapping(
  cells: readonly CellValue[],
  choice: readonly (PlanColumnKey | null)[],
  now: Date,
): MappingChoice {
  const headers = headerTexts(cells);
  const columns = headers.map((_, index) => choice[index] ?? null);
  for (const key of PLAN_COLUMN_KEYS) {
    const at = columns.flatMap((k, i) => (k === key ? [headers[i] ?? ''] : []));
    if (at.length > 1) {
      const quoted = at.map((h) => `« ${h} »`).join(' et ');
      return {
        ok: false,
        message: `Les colonnes ${quoted} sont toutes deux prises pour « ${planHeader(key)} » : choisissez-en une.`,
      };
    }
  }
  const guesses = columns.map((key, index) => ({
    index,
    header: headers[index] ?? '',
    key,
    confidence: key === null ? null : ('user' as const),
  }));
  const { missing } = statusOf(guesses);
  if (missing.length > 0) {
    return {
      ok: false,
      message: `Indiquez quelle colonne donne : ${missing.map((m) => `« ${m} »`).join(', ')}.`,
    };
  }
  const mapping: SavedColumnMapping = {
    format: 'passerelle-column-mapping',
    version: 1,
    signature: headerSignature(cells),
    headers,
    columns,
    savedAt: now.toISOString(),
  };
  return { ok: true, mapping };
}

/** The cell index of each column under a saved mapping. */
export function columnsOfMapping(
  mapping: SavedColumnMapping,
): Map<PlanColumnKey, number> {
  const columns = new Map<PlanColumnKey, number>();
  mapping.columns.forEach((key, index) => {
    if (key !== null && !columns.has(key)) columns.set(key, index);
  });
  return columns;
}

/** The saved mapping for these headers, if the buyer made one. */
export function findColumnMapping(
  saved: readonly SavedColumnMapping[],
  cells: readonly CellValue[],
): SavedColumnMapping | null {
  const signature = headerSignature(cells);
  return saved.find((m) => m.signature === signature) ?? null;
}

/** True for a value read back from JSON that is a well-formed saved mapping. */
export function isSavedColumnMapping(value: unknown): value is SavedColumnMapping {
  if (typeof value !== 'object' || value === null) return false;
  const m = value as Record<string, unknown>;
  const keys: readonly unknown[] = PLAN_COLUMN_KEYS;
  return (
    m.format === 'passerelle-column-mapping' &&
    m.version === 1 &&
    typeof m.signature === 'string' &&
    typeof m.savedAt === 'string' &&
    Array.isArray(m.headers) &&
    m.headers.every((h) => typeof h === 'string') &&
    Array.isArray(m.columns) &&
    m.columns.length === m.headers.length &&
    m.columns.every((k) => k === null || keys.includes(k)) &&
    m.headers.map((h: string) => foldText(h)).join('|') === m.signature
  );
}
