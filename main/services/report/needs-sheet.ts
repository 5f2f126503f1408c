/** The « Besoins » sheet: one row per need × candidate, or one row saying why none. */
import type ExcelJS from 'exceljs';
import type {
  Candidate,
  MatchResult,
  Need,
  Plan,
  ScoreCriterion,
} from '../../../shared/model';
import { siteLabels } from '../../../shared/plan/resolve-sites';
import {
  addTableSheet,
  FORMATS,
  isoDayToDate,
  textCell,
  type TableColumn,
} from './table-sheet';

const COLUMNS: readonly TableColumn[] = [
  { header: 'N°', numFmt: FORMATS.integer },
  { header: 'Besoin' },
  { header: 'Rang', numFmt: FORMATS.integer },
  { header: 'Fournisseur' },
  { header: 'SIRET', numFmt: FORMATS.text },
  { header: 'Commune' },
  { header: 'Distance (km)', numFmt: FORMATS.km },
  { header: 'Score', numFmt: FORMATS.score },
  { header: 'Secteur (pts)', numFmt: FORMATS.points },
  { header: 'Labels (pts)', numFmt: FORMATS.points },
  { header: 'Distance (pts)', numFmt: FORMATS.points },
  { header: 'Capacité (pts)', numFmt: FORMATS.points },
  { header: 'À confirmer' },
  { header: 'Présélection' },
  { header: 'Explications' },
  { header: 'Code CPV', numFmt: FORMATS.text },
  { header: 'Lieu de livraison' },
  { header: 'Date de besoin', numFmt: FORMATS.date },
  { header: 'Distance max. (km)', numFmt: FORMATS.km },
  { header: 'Budget', numFmt: FORMATS.euros },
];

/** A part's points; empty when the part could not be evaluated (max 0, « à confirmer »). */
function points(candidate: Candidate, criterion: ScoreCriterion): number | null {
  const part = candidate.parts.find((p) => p.criterion === criterion);
  return part && part.max > 0 ? part.points : null;
}

function needTail(need: Need): ExcelJS.CellValue[] {
  return [
    textCell(need.cpv),
    textCell(siteLabels(need)),
    isoDayToDate(need.date),
    need.maxDistanceKm,
    need.budget,
  ];
}

/** The key of a kept supplier for a need, as PlanImportInfo.kept holds it. */
export function shortlistKey(needId: string, supplierId: string): string {
  return `${needId}\n${supplierId}`;
}

function candidateRow(
  number: number,
  need: Need,
  c: Candidate,
  kept: ReadonlySet<string>,
): ExcelJS.CellValue[] {
  return [
    number,
    textCell(need.title),
    c.rank,
    textCell(c.supplierName),
    textCell(c.siret),
    textCell(c.city),
    Math.round(c.distanceKm * 10) / 10,
    c.score,
    points(c, 'sector'),
    points(c, 'labels'),
    points(c, 'distance'),
    points(c, 'capacity'),
    textCell(c.toConfirm.join(' ; ')),
    kept.has(shortlistKey(need.id, c.supplierId)) ? 'Gardé' : null,
    textCell(c.parts.map((p) => p.explanation).join(' ; ')),
    ...needTail(need),
  ];
}

function emptyRow(number: number, need: Need, note: string): ExcelJS.CellValue[] {
  const blanks: ExcelJS.CellValue[] = Array.from({ length: 10 }, () => null);
  return [
    number,
    textCell(need.title),
    null,
    'Aucun fournisseur proposé',
    ...blanks,
    textCell(note),
    ...needTail(need),
  ];
}

/** Adds « Besoins »; candidates keep the match's order (rank, best score first). */
export function addNeedsSheet(
  workbook: ExcelJS.Workbook,
  plan: Plan,
  match: MatchResult,
  kept: ReadonlySet<string> = new Set(),
): void {
  const byNeed = new Map(match.needs.map((n) => [n.needId, n]));
  const rows: ExcelJS.CellValue[][] = [];
  plan.needs.forEach((need, index) => {
    const number = index + 1;
    const result = byNeed.get(need.id);
    if (!result) {
      rows.push(emptyRow(number, need, 'Besoin non rapproché (absent du résultat).'));
    } else if (result.candidates.length === 0) {
      rows.push(emptyRow(number, need, result.note ?? 'Aucun fournisseur ne convient.'));
    } else {
      const ranked = [...result.candidates].sort((a, b) => a.rank - b.rank);
      for (const candidate of ranked) {
        rows.push(candidateRow(number, need, candidate, kept));
      }
    }
  });
  addTableSheet(workbook, 'Besoins', COLUMNS, rows);
}
