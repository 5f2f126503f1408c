/** The Excel sourcing report: Synthèse, Besoins, Fournisseurs, Lignes écartées, Méthode. */
import ExcelJS from 'exceljs';
import type { ImportIssue, MatchResult, Plan } from '../../../shared/model';
import { foldText } from '../../../shared/text/fold-text';
import { addMethodSheet } from './method-sheet';
import { addNeedsSheet } from './needs-sheet';
import { addRejectedRowsSheet } from './rejected-rows-sheet';
import type { ReportCatalogue } from './report-catalogue';
import { addSuppliersSheet } from './suppliers-sheet';
import { addSynthesisSheet } from './synthesis-sheet';

/** File name of the report: `rapport-sourcing-<plan>-<yyyy-mm-dd>.xlsx` (local day). */
export function reportFileName(plan: Plan, now: Date): string {
  const slug = foldText(plan.name).replace(/ /g, '-').slice(0, 60) || 'plan';
  const day = [
    now.getFullYear(),
    String(now.getMonth() + 1).padStart(2, '0'),
    String(now.getDate()).padStart(2, '0'),
  ].join('-');
  return `rapport-sourcing-${slug}-${day}.xlsx`;
}

/** What the report knows of the plan's import; the sheet « Lignes écartées » needs `issues`. */
export interface PlanImportInfo {
  issues?: readonly ImportIssue[];
  rowsRead?: number;
  /** Suppliers the buyer kept, as `${needId}\n${supplierId}` keys. */
  kept?: ReadonlySet<string>;
}

/** Builds the sourcing report workbook and returns its .xlsx bytes. */
export async function buildSourcingReport(
  plan: Plan,
  match: MatchResult,
  catalogue: ReportCatalogue,
  now: Date,
  imported: PlanImportInfo = {},
): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Passerelle';
  workbook.lastModifiedBy = 'Passerelle';
  workbook.title = `Rapport de sourcing – ${plan.name}`;
  workbook.subject = 'Rapport de sourcing responsable';
  workbook.created = now;
  workbook.modified = now;

  addSynthesisSheet(workbook, plan, match, catalogue, now, imported);
  addNeedsSheet(workbook, plan, match, imported.kept);
  addSuppliersSheet(workbook, plan, match, catalogue);
  if (imported.issues) addRejectedRowsSheet(workbook, imported.issues);
  addMethodSheet(workbook, match, catalogue);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
