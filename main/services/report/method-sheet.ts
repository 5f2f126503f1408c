/** The « Méthode » sheet: how candidates were found and ranked, and the data used. */
import { methodText } from '../../../shared/matching/match-plan';
import { formatFrenchNumber } from '../../../shared/plan/parse-french-number';
import type { ReportInput } from './report-input';
import {
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
  { header: 'Description', kind: 'text', wrapWidth: 100 },
  { header: 'Valeur', kind: 'text' },
  { header: 'Adresse', kind: 'link' },
];

/** « Méthode »: the method sentences (for the options used), score weights, options, data sources and licences. */
export function methodTable(input: ReportInput): ReportTable {
  const { match, catalogue } = input;
  const rows: ReportCell[][] = methodText(match.options).map((sentence) => [
    'Méthode',
    sentence,
    null,
    null,
  ]);
  for (const [criterion, name] of Object.entries(WEIGHT_NAMES)) {
    const weight = match.options.weights[criterion as keyof typeof WEIGHT_NAMES];
    rows.push(['Pondération (points)', name, weight, null]);
  }
  rows.push(
    ['Paramètre', 'Fournisseurs retenus au plus par besoin', match.options.topN, null],
    [
      'Paramètre',
      'Distance maximale par défaut (km)',
      match.options.defaultMaxDistanceKm,
      null,
    ],
    ['Paramètre', 'Version du catalogue', match.catalogueVersion, null],
  );
  for (const dataset of catalogue.summary.datasets) {
    rows.push([
      'Source de données',
      `${dataset.name} (${formatFrenchNumber(dataset.records, 0)} enregistrements)`,
      `Licence : ${dataset.licence}`,
      webLink(dataset.url),
    ]);
  }
  return { id: 'methode', columns: COLUMNS, rowCount: rows.length, rows: () => rows };
}
