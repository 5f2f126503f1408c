/** The « Fournisseurs » sheet: each proposed supplier once, with contact and sources. */
import { LABEL_NAMES, SUPPLIER_KIND_NAMES } from '../../../shared/model';
import type { ReportInput } from './report-input';
import {
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
  { header: 'Site internet', kind: 'link' },
  { header: 'Besoins concernés (N°)', kind: 'text' },
  { header: 'Sources', kind: 'text' },
  { header: 'Licences', kind: 'text' },
];

/** « Fournisseurs », in order of first appearance in the needs. */
export function suppliersTable(input: ReportInput): ReportTable {
  const { plan, match, catalogue } = input;
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
  const rows: ReportCell[][] = [];
  for (const [supplierId, numbers] of needsOf) {
    const s = catalogue.suppliers.get(supplierId);
    if (!s) {
      rows.push([
        supplierId,
        ...Array.from({ length: 8 }, () => null),
        numbers.join(', '),
        'Absent du catalogue chargé',
        null,
      ]);
      continue;
    }
    rows.push([
      s.name,
      s.siret,
      SUPPLIER_KIND_NAMES[s.kind] ?? s.kind,
      s.labels.map((l) => LABEL_NAMES[l] ?? l).join(', '),
      s.address.street,
      s.address.postcode,
      s.address.city,
      s.address.inseeCode,
      webLink(s.website),
      numbers.join(', '),
      [...new Set(s.sources.map((src) => src.dataset))].join(' ; '),
      [...new Set(s.sources.map((src) => src.licence))].join(' ; '),
    ]);
  }
  return {
    id: 'fournisseurs',
    columns: COLUMNS,
    rowCount: rows.length,
    rows: () => rows,
  };
}
