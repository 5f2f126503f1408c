/**
 * The « Procédures » sheet: for each homogeneous family of needs, its summed
 * amount and the procedure it calls for, the thresholds applied with their
 * dates of effect, the suggested lots (small-lots rule), and the reserved
 * contracts or social clauses, each with the articles of the CCP it cites.
 */
import type {
  DatedThreshold,
  FamilyProcedure,
  ProcedureAdvice,
  ReservationAdvice,
  SuggestedLot,
} from '../../../shared/law/procedure-types';
import { LABEL_NAMES } from '../../../shared/model';
import {
  BUYER_KIND_NAMES,
  SUGGESTION_NAMES,
} from '../../../shared/format/procedure-view';
import type { ReportInput } from './report-input';
import {
  isoDayToDate,
  rounded,
  type PreambleLine,
  type ReportCell,
  type ReportColumn,
  type ReportTable,
} from './report-table';

const COLUMNS: readonly ReportColumn[] = [
  { header: 'Famille', kind: 'text' },
  { header: 'Groupe CPV', kind: 'code' },
  { header: 'Rubrique', kind: 'text' },
  { header: 'Objet', kind: 'text', wrapWidth: 45 },
  { header: 'Montant (€ HT)', kind: 'euros' },
  { header: 'En vigueur du', kind: 'date' },
  { header: 'Jusqu’au', kind: 'date' },
  { header: 'Besoins (N°)', kind: 'text' },
  { header: 'Fournisseurs éligibles', kind: 'integer' },
  { header: 'Petit lot (20 %)', kind: 'text' },
  { header: 'Articles', kind: 'text' },
  { header: 'Explication', kind: 'text', wrapWidth: 80 },
];

/** What each row of a family is, in the « Rubrique » column. */
export const SECTIONS = {
  procedure: 'Procédure',
  threshold: 'Seuil appliqué',
  lot: 'Lot suggéré',
  note: 'Note',
} as const;

/** The article of the small-lots rule, cited on the lots that may use it. */
const SMALL_LOTS_ARTICLE = 'R2123-1 2°';

type NeedNumbers = (needIds: readonly string[]) => string;

/** « 773 » for a CPV-group family; sector and single-need families have no group. */
function cpvGroup(family: FamilyProcedure): string | null {
  return family.familyCode.startsWith('cpv:') ? family.familyCode.slice(4) : null;
}

function articles(list: readonly string[]): string | null {
  return list.length > 0 ? list.join(', ') : null;
}

function familyRow(f: FamilyProcedure, numbers: NeedNumbers): ReportCell[] {
  const floor =
    f.needsWithoutBudget > 0 && f.estimatedAmount !== null
      ? `Montant minimal : ${f.needsWithoutBudget} besoin${
          f.needsWithoutBudget > 1 ? 's' : ''
        } sans budget. `
      : '';
  return [
    f.familyLabel,
    cpvGroup(f),
    SECTIONS.procedure,
    f.procedure,
    rounded(f.estimatedAmount, 2),
    null,
    null,
    numbers(f.needIds),
    null,
    null,
    articles(f.articles),
    `${floor}${f.explanation}`,
  ];
}

function thresholdRow(f: FamilyProcedure, t: DatedThreshold): ReportCell[] {
  const unverified = t.unverified ? ` À vérifier : ${t.unverified}` : '';
  return [
    f.familyLabel,
    cpvGroup(f),
    SECTIONS.threshold,
    t.label,
    rounded(t.amountExclTax, 2),
    isoDayToDate(t.from),
    isoDayToDate(t.until),
    null,
    null,
    null,
    articles(t.articles),
    `${t.source}.${unverified}`,
  ];
}

function lotRow(
  f: FamilyProcedure,
  lot: SuggestedLot,
  numbers: NeedNumbers,
  titles: (needIds: readonly string[]) => string,
): ReportCell[] {
  return [
    f.familyLabel,
    cpvGroup(f),
    SECTIONS.lot,
    lot.name,
    rounded(lot.estimatedAmount, 2),
    null,
    null,
    numbers(lot.needIds),
    null,
    lot.smallLot ? 'Oui' : 'Non',
    lot.smallLot ? SMALL_LOTS_ARTICLE : null,
    titles(lot.needIds),
  ];
}

function reservationRow(f: FamilyProcedure, r: ReservationAdvice): ReportCell[] {
  return [
    f.familyLabel,
    cpvGroup(f),
    SUGGESTION_NAMES[r.suggestion],
    LABEL_NAMES[r.kind],
    null,
    null,
    null,
    null,
    r.eligibleSuppliers,
    null,
    articles(r.articles),
    r.explanation,
  ];
}

/** The day the thresholds were read at, whose thresholds, and the small lots. */
function preambleOf(advice: ProcedureAdvice): PreambleLine[] {
  const day = isoDayToDate(advice.date);
  const smallLots = advice.families.flatMap((f) => f.lots).filter((l) => l.smallLot);
  const count = smallLots.length;
  return [
    day
      ? { label: 'Seuils en vigueur au', value: day, kind: 'date' }
      : { label: 'Seuils en vigueur au', value: advice.date, kind: 'text' },
    { label: 'Type d’acheteur', value: BUYER_KIND_NAMES[advice.buyerKind], kind: 'text' },
    { label: 'Familles homogènes', value: advice.families.length, kind: 'integer' },
    {
      label: 'Petits lots (20 %, R2123-1 2°)',
      value:
        count === 0
          ? 'aucun lot ne relève de la règle des petits lots'
          : `${count} lot${count > 1 ? 's' : ''} en procédure adaptée`,
      kind: 'text',
    },
  ];
}

/** « Procédures », families in plan order; null when the match has no advice. */
export function proceduresTable(input: ReportInput): ReportTable | null {
  const advice = input.match.procedures;
  if (!advice) return null;
  const numberOf = new Map(input.plan.needs.map((need, i) => [need.id, i + 1]));
  const titleOf = new Map(input.plan.needs.map((need) => [need.id, need.title]));
  const numbers: NeedNumbers = (ids) =>
    ids.map((id) => String(numberOf.get(id) ?? id)).join(', ');
  const titles = (ids: readonly string[]): string =>
    ids.map((id) => titleOf.get(id) ?? `besoin ${id}`).join(' ; ');

  const rows: ReportCell[][] = [];
  for (const family of advice.families) {
    rows.push(familyRow(family, numbers));
    for (const t of family.thresholds) rows.push(thresholdRow(family, t));
    for (const lot of family.lots) rows.push(lotRow(family, lot, numbers, titles));
    for (const r of family.reservations) rows.push(reservationRow(family, r));
  }
  for (const note of advice.notes) {
    rows.push([
      null,
      null,
      SECTIONS.note,
      ...Array.from({ length: 8 }, () => null),
      note,
    ]);
  }
  return {
    id: 'procedures',
    preamble: preambleOf(advice),
    columns: COLUMNS,
    rowCount: rows.length,
    rows: () => rows,
  };
}
