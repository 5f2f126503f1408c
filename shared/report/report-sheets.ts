/**
 * The sheets a sourcing report can hold, named once for the services that
 * write them and the screen that lets the buyer choose them.
 */

/** The sheets a sourcing report can hold, in their order in the workbook. */
export const SHEET_IDS = [
  'synthese',
  'besoins',
  'allocation',
  'fournisseurs',
  'comparaison',
  'procedures',
  'lignes-ecartees',
  'methode',
] as const;
export type SheetId = (typeof SHEET_IDS)[number];

/** French sheet names (Excel allows 31 characters, none of []:*?/\). */
export const SHEET_NAMES: Record<SheetId, string> = {
  synthese: 'Synthèse',
  besoins: 'Besoins',
  allocation: 'Allocation',
  fournisseurs: 'Fournisseurs',
  comparaison: 'Comparaison',
  procedures: 'Procédures',
  'lignes-ecartees': 'Lignes écartées',
  methode: 'Méthode',
};

/** The file a report is written as: a workbook, or one sheet as CSV. */
export type ReportFormat = 'xlsx' | 'csv';

/** The sheet a CSV report holds when the buyer names none. */
export const DEFAULT_CSV_SHEET: SheetId = 'besoins';

export function isSheetId(value: unknown): value is SheetId {
  return (SHEET_IDS as readonly unknown[]).includes(value);
}

/** A report written in the background, as the screen polls it (report:state). */
export interface ReportJobState {
  status: 'idle' | 'running' | 'done' | 'cancelled' | 'failed';
  /** French name of the sheet being written; null when none is. */
  sheet: string | null;
  /** Rows written and to write in that sheet. */
  rowsDone: number;
  rowsTotal: number;
  /** How far the whole report is, 0 to 100, over the rows of every sheet. */
  percent: number;
  /**
   * What to tell the buyer, in French: « Écriture de la feuille Besoins :
   * 12 000 / 100 000 lignes », « Rapport prêt… », the reason of a failure.
   */
  message: string;
  /** The file's name once known (report:result gives its bytes when done). */
  fileName: string | null;
}
