/** The « Fournisseurs » sheet: each proposed supplier once, with contacts and sources. */
import { serviceAreaText } from '../../../shared/compare/compare-suppliers';
import { LABEL_NAMES, SUPPLIER_KIND_NAMES, type Supplier } from '../../../shared/model';
import type { ReportInput } from './report-input';
import {
  mailLink,
  webLink,
  type ReportCell,
  type ReportColumn,
  type ReportTable,
} from './report-table';

const COLUMNS: readonly ReportColumn[] = [
  { header: 'Fournisseur', kind: 'text' },
  { header: 'SIRET', kind: 'code' },
  { header: 'Type de structure', kind: 'text' },
  { header: 'Labels', kind: 'text' },
  { header: 'Adresse', kind: 'text' },
  { header: 'Code postal', kind: 'code' },
  { header: 'Commune', kind: 'text' },
  { header: 'Code INSEE', kind: 'code' },
  { header: 'Zone d’intervention', kind: 'text' },
  { header: 'Site internet', kind: 'link' },
  { header: 'Courriel', kind: 'link' },
  // Text, not a number: « 03 21 00 00 00 » keeps its leading zero and spaces.
  { header: 'Téléphone', kind: 'code' },
  { header: 'Besoins concernés (N°)', kind: 'text' },
  { header: 'Sources', kind: 'text' },
  { header: 'Licences', kind: 'text' },
];

/** What the sheet says of a service area the catalogue does not know. */
export const UNKNOWN_SERVICE_AREA = 'À confirmer (inconnue du catalogue)';

/** The plan's need numbers (N°, 1-based) each proposed supplier is a candidate for. */
function needNumbersBySupplier(input: ReportInput): Map<string, number[]> {
  const needNumber = new Map(input.plan.needs.map((need, i) => [need.id, i + 1]));
  const needsOf = new Map<string, number[]>();
  for (const result of input.match.needs) {
    const number = needNumber.get(result.needId);
    for (const candidate of result.candidates) {
      const list = needsOf.get(candidate.supplierId) ?? [];
      if (number !== undefined && !list.includes(number)) list.push(number);
      needsOf.set(candidate.supplierId, list);
    }
  }
  return needsOf;
}

/** Distinct values in their first order, joined with « ; » (null when none). */
function distinct(values: readonly string[]): string | null {
  const kept = [...new Set(values.filter((value) => value !== ''))];
  return kept.length > 0 ? kept.join(' ; ') : null;
}

/** One supplier's row; its links are checked again by the writer (http(s), mailto). */
function supplierRow(s: Supplier, numbers: readonly number[]): ReportCell[] {
  return [
    s.name,
    s.siret,
    SUPPLIER_KIND_NAMES[s.kind] ?? s.kind,
    s.labels.map((l) => LABEL_NAMES[l] ?? l).join(', ') || null,
    s.address.street || null,
    s.address.postcode || null,
    s.address.city || null,
    s.address.inseeCode,
    serviceAreaText(s.serviceArea) ?? UNKNOWN_SERVICE_AREA,
    webLink(s.website),
    mailLink(s.email),
    s.phone || null,
    numbers.join(', '),
    distinct(s.sources.map((src) => src.dataset)),
    distinct(s.sources.map((src) => src.licence)),
  ];
}

/** « Fournisseurs », in order of first appearance in the needs. */
export function suppliersTable(input: ReportInput): ReportTable {
  const rows: ReportCell[][] = [];
  for (const [supplierId, numbers] of needNumbersBySupplier(input)) {
    const supplier = input.catalogue.suppliers.get(supplierId);
    if (supplier) {
      rows.push(supplierRow(supplier, numbers));
      continue;
    }
    // A candidate of a match made against another catalogue: its id, and why nothing more.
    const row: ReportCell[] = COLUMNS.map(() => null);
    row[0] = supplierId;
    row[12] = numbers.join(', ');
    row[13] = 'Absent du catalogue chargé';
    rows.push(row);
  }
  return {
    id: 'fournisseurs',
    columns: COLUMNS,
    rowCount: rows.length,
    rows: () => rows,
  };
}
