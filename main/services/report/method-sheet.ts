/**
 * The « Méthode » sheet: how candidates were found, ranked and given volumes,
 * the law data the procedures were read from, and every data source with its
 * licence, so that a reader can check and redo the report.
 */
import { MIN_ELIGIBLE_FOR_RESERVATION } from '../../../shared/law/advise-procedures';
import type { BuyerKind, ProcedureAdvice } from '../../../shared/law/procedure-types';
import { thresholdsInForce } from '../../../shared/law/thresholds';
import { methodText } from '../../../shared/matching/match-plan';
import type { Allocation } from '../../../shared/allocation/allocation-types';
import type { MatchOptions } from '../../../shared/model';
import { formatFrenchNumber } from '../../../shared/plan/parse-french-number';
import type { ReportInput } from './report-input';
import {
  isoDayToDate,
  webLink,
  type ReportCell,
  type ReportColumn,
  type ReportTable,
} from './report-table';

const WEIGHT_NAMES = {
  sector: 'Adéquation du secteur d’activité',
  labels: 'Labels requis et souhaités',
  distance: 'Proximité du lieu de livraison',
  capacity: 'Capacité connue face au volume',
} as const;

const COLUMNS: readonly ReportColumn[] = [
  { header: 'Rubrique', kind: 'text' },
  { header: 'Description', kind: 'text', wrapWidth: 90 },
  { header: 'Valeur', kind: 'text' },
  { header: 'Montant (€ HT)', kind: 'euros' },
  { header: 'En vigueur du', kind: 'date' },
  { header: 'au', kind: 'date' },
  { header: 'Articles du code', kind: 'text' },
  { header: 'Adresse', kind: 'link' },
];

/** A row of the sheet: rubric and description, the other columns when they apply. */
interface MethodRow {
  value?: ReportCell;
  amount?: number;
  from?: Date | null;
  until?: Date | null;
  articles?: string;
  url?: string | null;
}

function row(rubric: string, description: string, cells: MethodRow = {}): ReportCell[] {
  return [
    rubric,
    description,
    cells.value ?? null,
    cells.amount ?? null,
    cells.from ?? null,
    cells.until ?? null,
    cells.articles ?? null,
    webLink(cells.url),
  ];
}

/**
 * The data Passerelle carries (resources/, see its README): source and
 * licence as each file states them (a test checks them against the files).
 */
export const BUNDLED_DATA: readonly {
  name: string;
  source: string;
  licence: string;
  url: string;
}[] = [
  {
    name: 'Communes, codes postaux et coordonnées (COG 2024)',
    source:
      'rcarlier/datas.fun, France/communes.csv, commit ' +
      'b9874080432e11b943e93aeae75ee372a024697b (COG 2024)',
    licence:
      'Aucune licence indiquée dans le dépôt ; données amont INSEE et La Poste/' +
      'data.gouv.fr sous Licence Ouverte (Etalab)',
    url: 'https://github.com/rcarlier/datas.fun',
  },
  {
    name: 'Nomenclature CPV 2008 en français',
    source:
      'RonanB400/decp_ml, docs/cpv_2008_ver_2013_FR.csv @95905d4 (CPV 2008, version 2013)',
    licence: "Données de référence publiées en open data par l'Union européenne",
    url: 'https://github.com/RonanB400/decp_ml',
  },
  {
    name: 'Contours des départements et régions, pour la carte hors ligne',
    source:
      'IGN Admin Express COG 2018, version simplifiée de gregoiredavid/france-geojson ' +
      '(commit 5d34ee6d0140c29f785fdb047d9329f1aab58833)',
    licence: 'Licence Ouverte (Etalab), conditions d’Admin Express',
    url: 'https://github.com/gregoiredavid/france-geojson',
  },
  {
    name: 'Secteurs d’activité (154) du Marché de l’inclusion',
    source:
      'gip-inclusion/le-marche, secteurs du Marché de l’inclusion, commit ' +
      '05043031b14cea668136d228438a4fcd5ff19937',
    licence: 'Aucune licence indiquée dans le dépôt',
    url: 'https://github.com/gip-inclusion/le-marche',
  },
];

/** Whose thresholds apply, in the words of the procedures panel (procedure-view.ts). */
const BUYER_NAMES: Record<BuyerKind, string> = {
  collectivite: 'Collectivité territoriale ou établissement public local',
  etat: 'État ou établissement public national',
};

/** Matching: the sentences for the options used, the weights, the parameters. */
function matchingRows(
  options: MatchOptions,
  catalogueVersion: string,
  buyerKind: BuyerKind,
): ReportCell[][] {
  const rows = methodText(options).map((sentence) => row('Rapprochement', sentence));
  for (const [criterion, name] of Object.entries(WEIGHT_NAMES)) {
    const weight = options.weights[criterion as keyof typeof WEIGHT_NAMES];
    rows.push(row('Pondération (points)', name, { value: weight }));
  }
  const factor = options.roadFactor ?? 1;
  rows.push(
    row('Paramètre', 'Fournisseurs retenus au plus par besoin', { value: options.topN }),
    row('Paramètre', 'Distance maximale par défaut (km)', {
      value: options.defaultMaxDistanceKm,
    }),
    row('Paramètre', 'Coefficient routier (distance routière ÷ vol d’oiseau)', {
      value: factor === 1 ? '1 (à vol d’oiseau)' : formatFrenchNumber(factor, 2),
    }),
    row('Paramètre', 'Seuils de la commande publique appliqués', {
      value: BUYER_NAMES[buyerKind],
    }),
    row('Paramètre', 'Version du catalogue', { value: catalogueVersion }),
  );
  return rows;
}

/** Allocation: the method and the solver's status, then its own sentences. */
function allocationRows(allocation: Allocation): ReportCell[][] {
  const method =
    allocation.method === 'solver'
      ? 'Solveur HiGHS, objectifs optimisés l’un après l’autre (ordre lexicographique)'
      : 'Au fil de l’eau (méthode gloutonne de référence)';
  const rows = [
    row('Répartition', 'Méthode de répartition des volumes', { value: method }),
  ];
  if (allocation.method === 'solver') {
    rows.push(
      row('Répartition', 'Issue du calcul', { value: solverOutcome(allocation) }),
    );
  }
  rows.push(...allocation.methodText.map((sentence) => row('Répartition', sentence)));
  return rows;
}

/** The solver's status in French (HiGHS names it in English). */
function solverOutcome(allocation: Allocation): string {
  if (allocation.status === 'Optimal') return 'Optimum atteint à chaque étape';
  if (allocation.status === 'Empty') return 'Aucun volume à répartir';
  return `Arrêt avant la preuve d’optimalité (statut HiGHS : ${allocation.status})`;
}

/**
 * Law: the notes of the procedures, the rule for reserved contracts and
 * clauses, then each threshold in force on the calculation date with the
 * text that sets it, its dates and articles.
 */
function lawRows(procedures: ProcedureAdvice): ReportCell[][] {
  const rubric = 'Commande publique';
  const rows = procedures.notes.map((note) => row(rubric, note));
  rows.push(
    row(
      rubric,
      `Marché réservé suggéré quand au moins ${MIN_ELIGIBLE_FOR_RESERVATION} structures ` +
        'éligibles sont à portée de chacun des besoins de la famille : structures du ' +
        'secteur du handicap (EA ou ESAT, article L2113-12), structures d’insertion ' +
        '(SIAE, article L2113-13), structures de l’économie sociale et solidaire pour ' +
        'les services de santé, sociaux et culturels de la liste annexée au code ' +
        '(article L2113-15, trois ans au plus) ; sinon, une clause sociale d’exécution ' +
        '(article L2112-2).',
      {
        value: MIN_ELIGIBLE_FOR_RESERVATION,
        articles: 'L2113-12, L2113-13, L2113-15, L2112-2',
      },
    ),
  );
  for (const t of thresholdsInForce(procedures.date, procedures.buyerKind)) {
    const doubt = t.unverified ? ` À vérifier : ${t.unverified}` : '';
    rows.push(
      row('Seuil', `${t.label}. Fixé par : ${t.source}.${doubt}`, {
        amount: t.amountExclTax,
        from: isoDayToDate(t.from),
        until: isoDayToDate(t.until),
        articles: t.articles.join(', '),
      }),
    );
  }
  return rows;
}

/** Sources: the catalogue's data sets, then the data Passerelle carries. */
function sourceRows(input: ReportInput): ReportCell[][] {
  const rows = input.catalogue.summary.datasets.map((dataset) =>
    row(
      'Source de données',
      `${dataset.name} (${formatFrenchNumber(dataset.records, 0)} enregistrements)`,
      { value: `Licence : ${dataset.licence}`, url: dataset.url },
    ),
  );
  for (const data of BUNDLED_DATA) {
    rows.push(
      row('Données de Passerelle', `${data.name} : ${data.source}`, {
        value: `Licence : ${data.licence}`,
        url: data.url,
      }),
    );
  }
  return rows;
}

/** « Méthode »: matching, allocation, law and sources, in that order. */
export function methodTable(input: ReportInput): ReportTable {
  const { match } = input;
  const rows = [
    // The procedures' buyer kind is the one their thresholds were read for.
    ...matchingRows(
      match.options,
      match.catalogueVersion,
      match.procedures?.buyerKind ?? match.options.buyerKind ?? 'collectivite',
    ),
    ...(match.allocation ? allocationRows(match.allocation) : []),
    ...(match.procedures ? lawRows(match.procedures) : []),
    ...sourceRows(input),
  ];
  return { id: 'methode', columns: COLUMNS, rowCount: rows.length, rows: () => rows };
}
