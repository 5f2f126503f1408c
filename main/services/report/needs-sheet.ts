/** The « Besoins » table: one row per need × candidate, or one row saying why none. */
import type { Candidate, Need, ScoreCriterion } from '../../../shared/model';
import { siteLabels } from '../../../shared/plan/resolve-sites';
import { shortlistKey, type ReportInput } from './report-input';
import {
  isoDayToDate,
  rounded,
  type ReportCell,
  type ReportColumn,
  type ReportTable,
} from './report-table';

const COLUMNS: readonly ReportColumn[] = [
  { header: 'N°', kind: 'integer' },
  { header: 'Besoin', kind: 'text', wrapWidth: 40 },
  { header: 'Rang', kind: 'integer' },
  { header: 'Fournisseur', kind: 'text', wrapWidth: 35 },
  { header: 'SIRET', kind: 'code' },
  { header: 'Commune', kind: 'text' },
  { header: 'Distance (km)', kind: 'decimal1' },
  { header: 'Score', kind: 'decimal1' },
  { header: 'Secteur (pts)', kind: 'decimal1' },
  { header: 'Labels (pts)', kind: 'decimal1' },
  { header: 'Distance (pts)', kind: 'decimal1' },
  { header: 'Capacité (pts)', kind: 'decimal1' },
  { header: 'À confirmer', kind: 'text' },
  { header: 'Présélection', kind: 'text' },
  { header: 'Explications', kind: 'text', wrapWidth: 60 },
  { header: 'Code CPV', kind: 'code' },
  { header: 'Lieu de livraison', kind: 'text' },
  { header: 'Date de besoin', kind: 'date' },
  { header: 'Distance max. (km)', kind: 'decimal1' },
  { header: 'Budget (€ HT)', kind: 'euros' },
];
/** 0-based index of « Score », coloured red to green. */
const SCORE_COLUMN = 7;

/** A part's points; empty when the part could not be evaluated (max 0, « à confirmer »). */
function points(candidate: Candidate, criterion: ScoreCriterion): number | null {
  const part = candidate.parts.find((p) => p.criterion === criterion);
  return part && part.max > 0 ? part.points : null;
}

function needTail(need: Need): ReportCell[] {
  return [
    need.cpv,
    siteLabels(need),
    isoDayToDate(need.date),
    need.maxDistanceKm,
    need.budget,
  ];
}

function candidateRow(
  number: number,
  need: Need,
  c: Candidate,
  kept: ReadonlySet<string>,
): ReportCell[] {
  return [
    number,
    need.title,
    c.rank,
    c.supplierName,
    c.siret,
    c.city,
    rounded(c.distanceKm, 1),
    c.score,
    points(c, 'sector'),
    points(c, 'labels'),
    points(c, 'distance'),
    points(c, 'capacity'),
    c.toConfirm.join(' ; '),
    kept.has(shortlistKey(need.id, c.supplierId)) ? 'Gardé' : null,
    c.parts.map((p) => p.explanation).join(' ; '),
    ...needTail(need),
  ];
}

function emptyRow(number: number, need: Need, note: string): ReportCell[] {
  const blanks: ReportCell[] = Array.from({ length: 10 }, () => null);
  return [
    number,
    need.title,
    null,
    'Aucun fournisseur proposé',
    ...blanks,
    note,
    ...needTail(need),
  ];
}

/** « Besoins »; candidates in rank order (best score first), needs in plan order. */
export function needsTable(input: ReportInput): ReportTable {
  const { plan, match } = input;
  const kept = input.imported.kept ?? new Set<string>();
  const byNeed = new Map(match.needs.map((n) => [n.needId, n]));
  const rowCount = plan.needs.reduce(
    (sum, need) => sum + Math.max(1, byNeed.get(need.id)?.candidates.length ?? 0),
    0,
  );
  function* rows(): Generator<ReportCell[]> {
    for (const [index, need] of plan.needs.entries()) {
      const number = index + 1;
      const result = byNeed.get(need.id);
      if (!result) {
        yield emptyRow(number, need, 'Besoin non rapproché (absent du résultat).');
      } else if (result.candidates.length === 0) {
        yield emptyRow(number, need, result.note ?? 'Aucun fournisseur ne convient.');
      } else {
        const ranked = [...result.candidates].sort((a, b) => a.rank - b.rank);
        for (const candidate of ranked) yield candidateRow(number, need, candidate, kept);
      }
    }
  }
  return {
    id: 'besoins',
    columns: COLUMNS,
    rowCount,
    rows,
    scoreColumns: [SCORE_COLUMN],
  };
}
