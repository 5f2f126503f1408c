/** The « Méthode » sheet: how candidates were found and ranked, and the data used. */
import type ExcelJS from 'exceljs';
import { methodText } from '../../../shared/matching/match-plan';
import { formatFrenchNumber } from '../../../shared/plan/parse-french-number';
import type { MatchResult } from '../../../shared/model';
import type { ReportCatalogue } from './report-catalogue';
import { addTableSheet, linkCell, textCell } from './table-sheet';

const WEIGHT_NAMES = {
  sector: 'Adéquation du secteur d’activité',
  labels: 'Labels requis et souhaités',
  distance: 'Proximité du lieu de livraison',
  capacity: 'Capacité connue face au volume',
} as const;

/** Adds « Méthode »: the method sentences (for the options used), score weights, options, data sources and licences. */
export function addMethodSheet(
  workbook: ExcelJS.Workbook,
  match: MatchResult,
  catalogue: ReportCatalogue,
): void {
  const rows: ExcelJS.CellValue[][] = methodText(match.options).map((sentence) => [
    'Méthode',
    textCell(sentence),
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
    ['Paramètre', 'Version du catalogue', textCell(match.catalogueVersion), null],
  );
  for (const dataset of catalogue.summary.datasets) {
    rows.push([
      'Source de données',
      textCell(
        `${dataset.name} (${formatFrenchNumber(dataset.records, 0)} enregistrements)`,
      ),
      textCell(`Licence : ${dataset.licence}`),
      linkCell(dataset.url),
    ]);
  }
  const sheet = addTableSheet(
    workbook,
    'Méthode',
    [
      { header: 'Rubrique' },
      { header: 'Description' },
      { header: 'Valeur' },
      { header: 'Adresse' },
    ],
    rows,
  );
  sheet.getColumn(2).width = 100;
  sheet.getColumn(2).alignment = { wrapText: true, vertical: 'top' };
}
