/**
 * The « Allocation » sheet: how the plan's volumes were shared among the
 * suppliers, one row per need × supplier, then what is left uncovered and
 * why; the solver's status heads the sheet.
 */
import type {
  AllocationLine,
  NeedAllocation,
} from '../../../shared/allocation/allocation-types';
import { SUPPLIER_KIND_NAMES, type Need } from '../../../shared/model';
import {
  comparisonSentence,
  coverageOf,
  methodLine,
  uncoveredQuantity,
  unboundedSupplierNames,
  unitName,
} from '../../../shared/format/allocation-view';
import type { ReportInput } from './report-input';
import {
  rounded,
  type PreambleLine,
  type ReportCell,
  type ReportColumn,
  type ReportTable,
} from './report-table';

const COLUMNS: readonly ReportColumn[] = [
  { header: 'N°', kind: 'integer' },
  { header: 'Besoin', kind: 'text' },
  { header: 'Fournisseur', kind: 'text' },
  { header: 'SIRET', kind: 'code' },
  { header: 'Type de structure', kind: 'text' },
  { header: 'Quantité affectée', kind: 'quantity' },
  { header: 'Unité', kind: 'text' },
  { header: 'Part du besoin', kind: 'percent' },
  { header: 'Distance (km)', kind: 'decimal1' },
  { header: 'Quantité × km', kind: 'decimal1' },
  { header: 'Responsable', kind: 'text' },
  { header: 'Reste non couvert', kind: 'quantity' },
  { header: 'Remarque', kind: 'text', wrapWidth: 60 },
];
/** 0-based index of « Part du besoin », drawn with data bars. */
const SHARE_COLUMN = 7;

/** Written in the supplier column of the row that carries a need's remainder. */
export const UNCOVERED = 'Reste non couvert';
/** Written there for a need nothing was given to. */
export const NOTHING_ALLOCATED = 'Aucune affectation';

type SupplierFacts = (line: AllocationLine) => { siret: string | null; kind: string };

/** SIRET and kind of structure of a line's supplier: catalogue first, else its candidate. */
function supplierFacts(input: ReportInput): SupplierFacts {
  const candidates = new Map(
    input.match.needs.flatMap((n) => n.candidates.map((c) => [c.supplierId, c])),
  );
  return (line) => {
    const known = input.catalogue.suppliers.get(line.supplierId);
    const candidate = candidates.get(line.supplierId);
    const kind = known?.kind ?? candidate?.kind;
    return {
      siret: known?.siret ?? candidate?.siret ?? null,
      kind: kind ? (SUPPLIER_KIND_NAMES[kind] ?? kind) : '',
    };
  };
}

function lineRow(
  number: number | null,
  title: string,
  allocation: NeedAllocation,
  line: AllocationLine,
  need: Need | null,
  facts: SupplierFacts,
  remark: string | null,
): ReportCell[] {
  const { siret, kind } = facts(line);
  const demand = allocation.demand;
  return [
    number,
    title,
    line.supplierName,
    siret,
    kind,
    rounded(line.quantity, 3),
    unitName(line.unitCode ?? allocation.unitCode, need, line.quantity),
    demand !== null && demand > 0 ? rounded(line.quantity / demand, 4) : null,
    rounded(line.distanceKm, 1),
    rounded(line.quantity * line.distanceKm, 1),
    line.responsible ? 'Oui' : 'Non',
    null,
    remark,
  ];
}

/** The row of what no supplier received, or of a need nothing was given to. */
function remainderRow(
  number: number | null,
  title: string,
  allocation: NeedAllocation,
  need: Need | null,
): ReportCell[] | null {
  const left = uncoveredQuantity(allocation);
  const none = allocation.lines.length === 0;
  if (left === 0 && !none) return null;
  const reason =
    allocation.note ??
    (allocation.demand === null
      ? 'Quantité inconnue : rien n’est affecté.'
      : 'Aucun fournisseur n’a reçu de volume.');
  return [
    number,
    title,
    none ? NOTHING_ALLOCATED : UNCOVERED,
    null,
    null,
    null,
    left > 0 ? unitName(allocation.unitCode, need, left) : null,
    null,
    null,
    null,
    null,
    left > 0 ? rounded(left, 3) : null,
    reason,
  ];
}

/** The solver's status, its comparison with the greedy baseline, coverage, unbounded capacities. */
function preambleOf(input: ReportInput): PreambleLine[] {
  const allocation = input.match.allocation;
  if (!allocation) return [];
  const coverage = coverageOf(allocation.totals);
  const share = (value: number | null): PreambleLine['value'] =>
    value === null ? 'non calculable' : rounded(value, 4);
  const unbounded = unboundedSupplierNames(allocation, input.match);
  return [
    {
      label: 'Méthode de répartition',
      value: methodLine(allocation).replace(/^Méthode : /, ''),
      kind: 'text',
    },
    { label: 'Comparaison', value: comparisonSentence(allocation), kind: 'text' },
    {
      label: 'Couverture moyenne des besoins',
      value: share(coverage.coverage),
      kind: coverage.coverage === null ? 'text' : 'percent',
    },
    {
      label: 'Dont fournisseurs responsables',
      value: share(coverage.responsibleCoverage),
      kind: coverage.responsibleCoverage === null ? 'text' : 'percent',
    },
    {
      label: 'Capacité à confirmer',
      value: unbounded.length > 0 ? unbounded.join(', ') : 'aucun fournisseur',
      kind: 'text',
    },
  ];
}

/** « Allocation », needs in plan order; null when the match has no allocation. */
export function allocationTable(input: ReportInput): ReportTable | null {
  const allocation = input.match.allocation;
  if (!allocation) return null;
  const facts = supplierFacts(input);
  const numbers = new Map(input.plan.needs.map((need, i) => [need.id, i + 1]));
  const needs = new Map(input.plan.needs.map((need) => [need.id, need]));
  // Needs missing from the plan (an edited plan) come last, in their order.
  const last = input.plan.needs.length + 1;
  const ordered = [...allocation.needs].sort(
    (a, b) => (numbers.get(a.needId) ?? last) - (numbers.get(b.needId) ?? last),
  );
  const rows: ReportCell[][] = [];
  for (const needAllocation of ordered) {
    const need = needs.get(needAllocation.needId) ?? null;
    const number = numbers.get(needAllocation.needId) ?? null;
    const title = need?.title ?? `Besoin ${needAllocation.needId} (absent du plan)`;
    const remainder = remainderRow(number, title, needAllocation, need);
    // The need's note goes with its remainder, else with its first supplier.
    const firstRemark = remainder ? null : needAllocation.note;
    needAllocation.lines.forEach((line, i) => {
      const remark = i === 0 ? firstRemark : null;
      rows.push(lineRow(number, title, needAllocation, line, need, facts, remark));
    });
    if (remainder) rows.push(remainder);
  }
  return {
    id: 'allocation',
    preamble: preambleOf(input),
    columns: COLUMNS,
    rowCount: rows.length,
    rows: () => rows,
    dataBarColumns: [SHARE_COLUMN],
  };
}
