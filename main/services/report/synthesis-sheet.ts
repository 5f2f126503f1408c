/** The « Synthèse » sheet: the plan's indicators at a glance. */
import type ExcelJS from 'exceljs';
import {
  LABEL_CODES,
  LABEL_NAMES,
  SUPPLIER_KINDS,
  SUPPLIER_KIND_NAMES,
  type MatchResult,
  type Plan,
} from '../../../shared/model';
import type { PlanImportInfo } from './build-sourcing-report';
import { rejectedRowCount } from './rejected-rows-sheet';
import type { ReportCatalogue } from './report-catalogue';
import { addTableSheet, FORMATS, localDay, textCell } from './table-sheet';

/** « Lignes lues », « Besoins importés », « Lignes écartées » when the import is known. */
function importRows(plan: Plan, imported: PlanImportInfo): ExcelJS.CellValue[][] {
  const rows: ExcelJS.CellValue[][] = [];
  if (imported.rowsRead !== undefined) rows.push(['Lignes lues', imported.rowsRead]);
  if (imported.rowsRead === undefined && imported.issues === undefined) return rows;
  rows.push(['Besoins importés', plan.needs.length]);
  if (imported.issues) {
    rows.push(['Lignes écartées', rejectedRowCount(imported.issues)]);
  }
  return rows;
}

/** Adds « Synthèse »: name, date, catalogue, needs with/without suppliers, by label and kind. */
export function addSynthesisSheet(
  workbook: ExcelJS.Workbook,
  plan: Plan,
  match: MatchResult,
  catalogue: ReportCatalogue,
  now: Date,
  imported: PlanImportInfo = {},
): void {
  const withCandidates = match.needs.filter((n) => n.candidates.length > 0).length;
  const proposed = new Map<string, { labels: string[]; kind: string }>();
  for (const result of match.needs) {
    for (const c of result.candidates)
      proposed.set(c.supplierId, { labels: c.labels, kind: c.kind });
  }
  const proposals = match.needs.reduce((sum, n) => sum + n.candidates.length, 0);

  const rows: ExcelJS.CellValue[][] = [
    ['Plan d’achats', textCell(plan.name)],
    ['Fichier du plan', textCell(plan.sourceFile)],
    ['Date du rapport', localDay(now)],
    ['Version du catalogue', textCell(catalogue.summary.version)],
    ['Fournisseurs au catalogue', catalogue.summary.supplierCount],
    ...importRows(plan, imported),
    ['Nombre de besoins', plan.needs.length],
    ['Besoins avec au moins un fournisseur', withCandidates],
    ['Besoins sans fournisseur', plan.needs.length - withCandidates],
    ['Propositions (besoin × fournisseur)', proposals],
    ['Fournisseurs distincts proposés', proposed.size],
  ];
  const suppliers = [...proposed.values()];
  for (const label of LABEL_CODES) {
    const count = suppliers.filter((s) => s.labels.includes(label)).length;
    if (count > 0)
      rows.push([`Fournisseurs proposés – label : ${LABEL_NAMES[label]}`, count]);
  }
  for (const kind of SUPPLIER_KINDS) {
    const count = suppliers.filter((s) => s.kind === kind).length;
    if (count > 0)
      rows.push([`Fournisseurs proposés – ${SUPPLIER_KIND_NAMES[kind]}`, count]);
  }
  const sheet = addTableSheet(
    workbook,
    'Synthèse',
    [{ header: 'Indicateur' }, { header: 'Valeur' }],
    rows,
  );
  sheet.getCell('B4').numFmt = FORMATS.date;
  sheet.getColumn(2).alignment = { horizontal: 'left' };
}
