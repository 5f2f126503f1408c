/**
 * A need's quantity as plans write it: the number, its unit (from the unit
 * column, the quantity cell or the quantity header) and its period, turned
 * into the canonical unit of its kind with its UN/CEFACT code and a yearly
 * quantity; and the units of the lines of one need checked against each
 * other once every row is read.
 */
import type { Need } from '../model';
import { foldText } from '../text/fold-text';
import { parsePeriod, type PeriodParse } from './parse-frequency';
import { planHeader } from './plan-columns';
import { numberProblem, type RowCells, type RowIssues } from './plan-row';
import {
  annualise,
  CANONICAL_UNITS,
  parseQuantityCell,
  parseUnit,
  QUANTITY_KIND_NAMES,
  type QuantityCellParse,
  toCanonical,
  type QuantityKind,
  type UnitDefinition,
  type UnitParse,
} from './units';

/** What the header says of the quantity: « Quantité (kg) », « Quantité annuelle ». */
export interface QuantityHeader {
  name: string;
  unitText: string | null;
  unit: UnitDefinition | null;
  period: PeriodParse | null;
}

const DAILY_REASON =
  'une quantité par jour ne dit pas combien de jours par an (jours ouvrés, ' +
  'jours de classe…) : indiquez la quantité par semaine, par mois ou par an.';

/** Reports a period that could not be read; true when it was. */
function checkPeriod(
  period: PeriodParse,
  text: string,
  column: string,
  issues: RowIssues,
): period is Extract<PeriodParse, { ok: true }> {
  if (period.ok) return true;
  const detail =
    period.reason === 'daily'
      ? `« ${text} » : ${DAILY_REASON}`
      : `« ${text} » n’est pas une fréquence reconnue : écrivez ponctuel, hebdomadaire, ` +
        'mensuel ou annuel.';
  issues.add(column, text, detail, 'error');
  return false;
}

export function readPeriod(
  cells: RowCells,
  issues: RowIssues,
): Extract<PeriodParse, { ok: true }> | null {
  const text = cells.text('frequency');
  if (text === '') return null;
  const period = parsePeriod(text);
  return checkPeriod(period, text, planHeader('frequency'), issues) ? period : null;
}

/** A need's quantity read from its cells, before it is checked against its need. */
export interface QuantityRead {
  quantity: number | null;
  /** Unit as written, and the column and cell text it came from. */
  unitText: string | null;
  unitColumn: string;
  unitValue: string;
  unit: UnitParse | null;
  period: Extract<PeriodParse, { ok: true }> | null;
}

/** Reads a unit text, reporting one that is not in the table. */
function readUnit(text: string, column: string, issues: RowIssues): UnitParse {
  const parsed = parseUnit(text);
  if (parsed.status === 'unknown') {
    issues.add(
      column,
      text,
      `« ${text} » n’est pas une unité reconnue : la quantité est gardée telle quelle, ` +
        'sans conversion ni code UN/CEFACT.',
      'warning',
    );
  }
  return parsed;
}

/** Same unit, or the same choice of units. */
function sameUnit(a: UnitParse, b: UnitParse): boolean {
  if (a.status === 'found' && b.status === 'found') return a.unit === b.unit;
  return a.status === b.status && a.status !== 'found';
}

/**
 * The quantity, with its unit from the unit column, the quantity cell
 * (« 12 kg par semaine ») or the header (« Quantité (kg) »), and its period
 * from the frequency column, the quantity cell or the header.
 */
export function readQuantity(
  cells: RowCells,
  issues: RowIssues,
  header: QuantityHeader,
): QuantityRead {
  // Columns are read in the template's order: quantity, unit, frequency.
  const column = planHeader('quantity');
  const text = cells.text('quantity');
  const parsed = text === '' ? null : readQuantityCell(cells, issues);
  const unitCell = cells.text('unit');
  const read: QuantityRead = {
    quantity: parsed?.value ?? null,
    unitText: null,
    unitColumn: planHeader('unit'),
    unitValue: unitCell,
    unit: null,
    period: null,
  };
  if (unitCell !== '') {
    read.unitText = unitCell;
    read.unit = readUnit(unitCell, planHeader('unit'), issues);
  }
  const columnPeriod = readPeriod(cells, issues);
  read.period = columnPeriod;

  if (parsed?.unitText != null) {
    const unit =
      parsed.unit?.status === 'unknown'
        ? readUnit(parsed.unitText, column, issues)
        : parsed.unit;
    if (read.unit && unit && !sameUnit(read.unit, unit)) {
      issues.add(
        column,
        text,
        `« ${text} » et l’unité « ${unitCell} » se contredisent : gardez l’une des deux.`,
        'error',
      );
    } else if (unitCell === '') {
      read.unitText = parsed.unitText;
      read.unit = unit;
      read.unitColumn = column;
      read.unitValue = text;
    }
  }
  if (parsed?.period && parsed.periodText !== null) {
    const period = parsed.period;
    if (checkPeriod(period, parsed.periodText, column, issues)) {
      if (columnPeriod && columnPeriod.timesPerYear !== period.timesPerYear) {
        issues.add(
          column,
          text,
          `« ${text} » et la fréquence « ${cells.text('frequency')} » se contredisent : ` +
            'gardez l’une des deux.',
          'error',
        );
      }
      read.period ??= period;
    }
  }
  if (read.unitText === null && header.unitText !== null) {
    read.unitText = header.unitText;
    read.unit = header.unit ? { status: 'found', unit: header.unit } : null;
  }
  read.period ??= header.period?.ok ? header.period : null;
  return read;
}

/** The quantity cell read, or null (reported) when it is not a positive number. */
function readQuantityCell(
  cells: RowCells,
  issues: RowIssues,
): Extract<QuantityCellParse, { ok: true }> | null {
  const column = planHeader('quantity');
  const text = cells.text('quantity');
  const parsed = parseQuantityCell(cells.raw('quantity') ?? null);
  const problem = numberProblem(text, parsed);
  if (problem !== null) {
    issues.add(column, text, problem, 'error');
    return null;
  }
  return parsed.ok ? parsed : null;
}

/** Reports a unit of another kind than the quantity header's (« Quantité (kg) » and « L »). */
export function checkHeaderUnit(
  read: QuantityRead,
  header: QuantityHeader,
  issues: RowIssues,
): void {
  const expected = header.unit?.kind;
  if (expected === undefined || read.unit === null) return;
  const kinds = kindsOf(read.unit);
  if (kinds.length === 0 || kinds.includes(expected)) return;
  issues.add(
    read.unitColumn,
    read.unitValue,
    `« ${read.unitText ?? ''} » donne ${QUANTITY_KIND_NAMES[kinds[0] as QuantityKind]}, ` +
      `alors que la colonne « ${header.name} » donne ${QUANTITY_KIND_NAMES[expected]} : ` +
      'vérifiez l’unité.',
    'warning',
  );
}

function kindsOf(unit: UnitParse): QuantityKind[] {
  if (unit.status === 'found') return [unit.unit.kind];
  if (unit.status === 'ambiguous') return unit.units.map((u) => u.kind);
  return [];
}
/** A need just read, with what its unit check across the plan needs. */
export interface RowNeed {
  need: Need;
  quantity: QuantityRead;
  issues: RowIssues;
}
/** Fills the canonical quantity, its code and the yearly quantity for a unit (or none). */
export function setQuantityUnit(need: Need, unit: UnitDefinition | null): void {
  need.quantityKind = unit?.kind ?? null;
  need.unitCode = unit ? CANONICAL_UNITS[unit.kind].code : null;
  need.normalizedQuantity =
    unit && need.quantity !== null ? toCanonical(need.quantity, unit) : null;
  const perPeriod = unit ? need.normalizedQuantity : need.quantity;
  need.annualQuantity =
    perPeriod === null ? null : annualise(perPeriod, need.timesPerYear ?? 1);
}

/** Rows with the same title and CPV code are lines of one need. */
function needKey(need: Need): string {
  return `${foldText(need.title)}|${need.cpv ?? ''}`;
}

/** The kind most lines of a need give; on a tie, the first line's. */
function majorityKind(rows: readonly RowNeed[]): QuantityKind | null {
  const counts = new Map<QuantityKind, number>();
  for (const row of rows) {
    const kind = row.need.quantityKind;
    if (kind !== null) counts.set(kind, (counts.get(kind) ?? 0) + 1);
  }
  let best: QuantityKind | null = null;
  for (const [kind, count] of counts) {
    if (best === null || count > (counts.get(best) ?? 0)) best = kind;
  }
  return best;
}

/**
 * Across the lines of each need: a unit of another kind than most lines give
 * is reported, and « ml » takes the meaning (mL or linear metre) that fits.
 */
export function checkUnitsAcrossNeeds(rows: readonly RowNeed[]): void {
  const groups = new Map<string, RowNeed[]>();
  for (const row of rows) {
    const key = needKey(row.need);
    groups.set(key, [...(groups.get(key) ?? []), row]);
  }
  for (const group of groups.values()) {
    const kind = majorityKind(group);
    for (const row of group) {
      const { unit, unitText, unitColumn, unitValue } = row.quantity;
      if (unit?.status === 'ambiguous') {
        const fitting = unit.units.find((u) => u.kind === kind);
        if (fitting) setQuantityUnit(row.need, fitting);
        else {
          row.issues.add(
            unitColumn,
            unitValue,
            `« ${unitText ?? ''} » peut être des millilitres ou des mètres linéaires : ` +
              'écrivez mL ou m.',
            'warning',
          );
        }
        continue;
      }
      const own = row.need.quantityKind;
      if (kind === null || own === null || own === kind || group.length < 2) continue;
      const symbol = CANONICAL_UNITS[kind].symbol;
      row.issues.add(
        unitColumn,
        unitValue,
        `« ${unitText ?? ''} » donne ${QUANTITY_KIND_NAMES[own]}, alors que les autres ` +
          `lignes du besoin « ${row.need.title} » donnent ${QUANTITY_KIND_NAMES[kind]} ` +
          `(${symbol}) : vérifiez l’unité.`,
        'warning',
      );
    }
  }
}
