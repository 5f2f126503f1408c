/** Everything a sourcing report is made from, gathered once for all its sheets. */
import type { SupplierComparison } from '../../../shared/compare/compare-suppliers';
import type { ImportIssue, MatchResult, Plan } from '../../../shared/model';
import type { ReportCatalogue } from './report-catalogue';

/** What the report knows of the plan's import; the sheet « Lignes écartées » needs `issues`. */
export interface PlanImportInfo {
  issues?: readonly ImportIssue[];
  rowsRead?: number;
  /** Suppliers the buyer kept, as `${needId}\n${supplierId}` keys. */
  kept?: ReadonlySet<string>;
}

export interface ReportInput {
  plan: Plan;
  /** The analysis of match:run, with its allocation, indicators and procedures. */
  match: MatchResult;
  catalogue: ReportCatalogue;
  /** When the report is made; its calendar day is the one where it is made. */
  now: Date;
  imported: PlanImportInfo;
  /** The buying organisation as the buyer typed it (« Mairie de Harnes »), if given. */
  buyerName?: string | null;
  /** The suppliers the buyer compared, for « Comparaison »; null or absent: none. */
  comparison?: SupplierComparison | null;
}

/** The key of a kept supplier for a need, as PlanImportInfo.kept holds it. */
export function shortlistKey(needId: string, supplierId: string): string {
  return `${needId}\n${supplierId}`;
}
