/** The « Fournisseurs » sheet: each proposed supplier once, with contact and sources. */
import type ExcelJS from 'exceljs';
import {
  LABEL_NAMES,
  SUPPLIER_KIND_NAMES,
  type MatchResult,
  type Plan,
} from '../../../shared/model';
import type { ReportCatalogue } from './report-catalogue';
import {
  addTableSheet,
  FORMATS,
  linkCell,
  textCell,
  type TableColumn,
} from './table-sheet';

const COLUMNS: readonly TableColumn[] = [
  { header: 'Fournisseur' },
  { header: 'SIRET', numFmt: FORMATS.text },
  { header: 'Type de structure' },
  { header: 'Labels' },
  { header: 'Adresse' },
  { header: 'Code postal', numFmt: FORMATS.text },
  { header: 'Commune' },
  { header: 'Code INSEE', numFmt: FORMATS.text },
  { header: 'Site internet' },
  { header: 'Besoins concernés (N°)' },
  { header: 'Sources' },
  { header: 'Licences' },
];

/** Adds « Fournisseurs », in order of first appearance in the needs. */
export function addSuppliersSheet(
  workbook: ExcelJS.Workbook,
  plan: Plan,
  match: MatchResult,
  catalogue: ReportCatalogue,
): void {
  const needNumber = new Map(plan.needs.map((need, i) => [need.id, i + 1]));
  const needsOf = new Map<string, number[]>();
  for (const result of match.needs) {
    for (const candidate of result.candidates) {
      const list = needsOf.get(candidate.supplierId) ?? [];
      const number = needNumber.get(result.needId);
      if (number !== undefined && !list.includes(number)) list.push(number);
      needsOf.set(candidate.supplierId, list);
    }
  }
  const rows: ExcelJS.CellValue[][] = [];
  for (const [supplierId, numbers] of needsOf) {
    const s = catalogue.suppliers.get(supplierId);
    if (!s) {
      rows.push([
        textCell(supplierId),
        ...Array.from({ length: 8 }, () => null),
        numbers.join(', '),
        'Absent du catalogue chargé',
        null,
      ]);
      continue;
    }
    rows.push([
      textCell(s.name),
      textCell(s.siret),
      SUPPLIER_KIND_NAMES[s.kind] ?? s.kind,
      textCell(s.labels.map((l) => LABEL_NAMES[l] ?? l).join(', ')),
      textCell(s.address.street),
      textCell(s.address.postcode),
      textCell(s.address.city),
      textCell(s.address.inseeCode),
      linkCell(s.website),
      numbers.join(', '),
      textCell([...new Set(s.sources.map((src) => src.dataset))].join(' ; ')),
      textCell([...new Set(s.sources.map((src) => src.licence))].join(' ; ')),
    ]);
  }
  addTableSheet(workbook, 'Fournisseurs', COLUMNS, rows);
}
