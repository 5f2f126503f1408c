/**
 * The « Comparaison » sheet: the compared suppliers side by side, one column
 * each after the criterion, as a works council reads and prints it; offers
 * row by row. Alone it makes the comparison workbook, and it is a sheet of
 * the sourcing report when the buyer compared suppliers.
 */
import type { Writable } from 'node:stream';
import type { SupplierComparison } from '../../../shared/compare/compare-suppliers';
import {
  comparisonRows,
  type ComparisonRow,
} from '../../../shared/compare/comparison-rows';
import type { ReportInput } from './report-input';
import {
  localDay,
  mailLink,
  safeText,
  webLink,
  type PreambleLine,
  type ReportCell,
  type ReportColumn,
  type ReportTable,
} from './report-table';
import { writeXlsx, type ReportMeta } from './write-xlsx';

/** Width of a supplier's column, in characters: long labels wrap. */
const SUPPLIER_WIDTH = 30;

/** A row's cells: the distance as a number of km, addresses as links, the rest as text. */
function rowCells(row: ComparisonRow, comparison: SupplierComparison): ReportCell[] {
  const cells = comparison.suppliers.map((supplier, i): ReportCell => {
    if (row.key === 'distance') return supplier.distanceKm;
    if (row.key === 'website' && supplier.website) return webLink(supplier.website);
    if (row.key === 'email' && supplier.email) return mailLink(supplier.email);
    return row.values[i] ?? null;
  });
  return [row.criterion, ...cells];
}

/** What the sheet says above the table: the site, how distances are measured. */
function preambleOf(comparison: SupplierComparison, now: Date): PreambleLine[] {
  const site =
    comparison.site?.label ??
    (comparison.siteText === null
      ? 'Aucun site choisi : distances non calculées'
      : `« ${comparison.siteText} » : ${comparison.siteNote ?? 'non trouvé'}`);
  return [
    { label: 'Comparaison du', value: localDay(now), kind: 'date' },
    {
      label: 'Fournisseurs comparés',
      value: comparison.suppliers.length,
      kind: 'integer',
    },
    { label: 'Site de référence', value: site, kind: 'text' },
    {
      label: 'Distances',
      value: 'En km, à vol d’oiseau depuis le site de référence (Turf)',
      kind: 'text',
    },
  ];
}

/**
 * « Comparaison » as a table: the first column names the criterion, then one
 * column per supplier. The distance row holds numbers (one decimal), every
 * other value French text with its unit, « à confirmer » where unknown.
 */
export function comparisonSheet(comparison: SupplierComparison, now: Date): ReportTable {
  const columns: ReportColumn[] = [
    { header: 'Critère', kind: 'text' },
    // The distance is the only number in these columns; '0.0' shows it with one decimal.
    ...comparison.suppliers.map((s): ReportColumn => ({
      header: safeText(s.name),
      kind: 'decimal1',
      wrapWidth: SUPPLIER_WIDTH,
    })),
  ];
  const rows = comparisonRows(comparison).map((row) => rowCells(row, comparison));
  return {
    id: 'comparaison',
    preamble: preambleOf(comparison, now),
    columns,
    rowCount: rows.length,
    rows: () => rows,
  };
}

/** The sourcing report's « Comparaison », when the buyer compared suppliers. */
export function comparisonTable(input: ReportInput): ReportTable | null {
  return input.comparison ? comparisonSheet(input.comparison, input.now) : null;
}

/** `comparaison-fournisseurs-<yyyy-mm-dd>.xlsx`, the local day it is made. */
export function comparisonFileName(now: Date): string {
  const day = localDay(now).toISOString().slice(0, 10);
  return `comparaison-fournisseurs-${day}.xlsx`;
}

/** The comparison's own workbook, one sheet, written by the streaming writer. */
export async function writeComparisonWorkbook(
  comparison: SupplierComparison,
  now: Date,
  output: Writable,
): Promise<void> {
  const names = comparison.suppliers.map((s) => s.name).join(', ');
  const meta: ReportMeta = {
    title: 'Comparaison de fournisseurs',
    subject: 'Comparaison de fournisseurs responsables',
    keywords: 'achat responsable; comparaison; CSE; Passerelle',
    description: `Comparaison de ${comparison.suppliers.length} fournisseurs : ${names}.`,
    created: now,
    day: localDay(now),
  };
  await writeXlsx([comparisonSheet(comparison, now)], meta, output, { streaming: true });
}
