/** The « Synthèse » sheet: the plan's indicators at a glance. */
import {
  LABEL_CODES,
  LABEL_NAMES,
  SUPPLIER_KINDS,
  SUPPLIER_KIND_NAMES,
} from '../../../shared/model';
import { rejectedRowCount } from './rejected-rows-sheet';
import type { ReportInput } from './report-input';
import {
  localDay,
  type PreambleLine,
  type ReportCell,
  type ReportColumn,
  type ReportTable,
} from './report-table';

const COLUMNS: readonly ReportColumn[] = [
  { header: 'Indicateur', kind: 'text' },
  { header: 'Valeur', kind: 'integer' },
];

/** « Lignes lues », « Besoins importés », « Lignes écartées » when the import is known. */
function importRows(input: ReportInput): ReportCell[][] {
  const { plan, imported } = input;
  const rows: ReportCell[][] = [];
  if (imported.rowsRead !== undefined) rows.push(['Lignes lues', imported.rowsRead]);
  if (imported.rowsRead === undefined && imported.issues === undefined) return rows;
  rows.push(['Besoins importés', plan.needs.length]);
  if (imported.issues) {
    rows.push(['Lignes écartées', rejectedRowCount(imported.issues)]);
  }
  return rows;
}

/** « Synthèse »: the plan and catalogue above; needs with/without suppliers, by label and kind. */
export function synthesisTable(input: ReportInput): ReportTable {
  const { plan, match, catalogue } = input;
  const withCandidates = match.needs.filter((n) => n.candidates.length > 0).length;
  const proposed = new Map<string, { labels: string[]; kind: string }>();
  for (const result of match.needs) {
    for (const c of result.candidates)
      proposed.set(c.supplierId, { labels: c.labels, kind: c.kind });
  }
  const proposals = match.needs.reduce((sum, n) => sum + n.candidates.length, 0);

  const preamble: PreambleLine[] = [
    { label: 'Plan d’achats', value: plan.name, kind: 'text' },
    { label: 'Fichier du plan', value: plan.sourceFile, kind: 'text' },
    { label: 'Date du rapport', value: localDay(input.now), kind: 'date' },
    { label: 'Version du catalogue', value: catalogue.summary.version, kind: 'text' },
    {
      label: 'Fournisseurs au catalogue',
      value: catalogue.summary.supplierCount,
      kind: 'integer',
    },
  ];
  const rows: ReportCell[][] = [
    ...importRows(input),
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
  return {
    id: 'synthese',
    preamble,
    columns: COLUMNS,
    rowCount: rows.length,
    rows: () => rows,
  };
}
