/**
 * Turns the rows of a purchase-plan sheet into needs, with every problem
 * reported in French with its file, row, column and value. A row with an
 * error is not imported; warnings (ambiguous place, unknown preferred label,
 * ignored column) leave it imported.
 */
import type { CpvNomenclature } from '../cpv';
import { parseCpv } from '../cpv';
import { parseLabels } from '../labels';
import type {
  ImportIssue,
  LabelCode,
  Need,
  Place,
  PlanImportResult,
  Sector,
} from '../model';
import { LABEL_NAMES } from '../model';
import type { PlaceIndex } from '../places/place-index';
import { resolvePlace } from '../places/place-index';
import {
  columnsOfMapping,
  findColumnMapping,
  type SavedColumnMapping,
} from './column-mapping';
import { findHeaderRow, HEADER_SEARCH_ROWS } from './find-header-row';
import { parseFrenchDate } from './parse-french-date';
import { parsePeriod } from './parse-frequency';
import { parseUnit } from './units';
import { matchPlanHeaders, planHeader, type PlanColumnKey } from './plan-columns';
import { cellText, readNumber, RowIssues, type RowCells } from './plan-row';
import {
  checkHeaderUnit,
  checkUnitsAcrossNeeds,
  readQuantity,
  setQuantityUnit,
  type QuantityHeader,
  type RowNeed,
} from './read-quantity';
import { combineSites, siteParts } from './resolve-sites';
import { resolveSectorName } from './resolve-sector-name';
import type { CellValue, SheetRow, SheetRows } from './sheet';

/** What reading a plan needs besides the sheet itself. */
export interface PlanContext {
  places: PlaceIndex;
  cpv: CpvNomenclature;
  sectors: Sector[];
  defaultMaxDistanceKm: number;
  now: Date;
  /** Column mappings the buyer chose; the one whose headers match is used. */
  columnMappings?: readonly SavedColumnMapping[];
}

function isEmptyRow(row: SheetRow): boolean {
  return (
    row.cells.every((cell) => cellText(cell) === '') && (row.problems ?? []).length === 0
  );
}

/**
 * Reports the cells of a row the file gives no value for (a formula never
 * computed, a spreadsheet error) under the plan column they belong to, as
 * errors: the buyer's value is unknown, so the row is not imported. True
 * when there was one.
 */
function reportCellProblems(
  row: SheetRow,
  columns: ReadonlyMap<PlanColumnKey, number>,
  issues: RowIssues,
): boolean {
  let found = false;
  for (const problem of row.problems ?? []) {
    const key = [...columns].find(([, index]) => index === problem.index)?.[0];
    // A column the plan does not read was already reported as ignored.
    if (key === undefined) continue;
    const detail =
      problem.kind === 'formula-without-value'
        ? `la formule ${problem.text} n’a pas de résultat enregistré dans le fichier (le ` +
          'tableur qui l’a écrit ne l’a pas calculée) : ouvrez le fichier dans votre ' +
          'tableur, enregistrez-le, puis importez-le de nouveau.'
        : `la cellule affiche l’erreur ${problem.text} du tableur au lieu d’une valeur.`;
    issues.add(planHeader(key), problem.text, detail, 'error');
    found = true;
  }
  return found;
}

function readCpv(cells: RowCells, issues: RowIssues, ctx: PlanContext): string | null {
  const text = cells.text('cpv');
  if (text === '') return null;
  const parsed = parseCpv(text, ctx.cpv);
  if (parsed.ok) return parsed.code;
  issues.add(planHeader('cpv'), text, parsed.message, 'error');
  return null;
}

/** Sector names separated by ";" (names themselves may hold commas). */
function readSectors(cells: RowCells, issues: RowIssues, ctx: PlanContext): number[] {
  const text = cells.text('sector');
  const ids: number[] = [];
  for (const name of text.split(';').map((s) => s.trim())) {
    if (name === '') continue;
    const found = resolveSectorName(name, ctx.sectors);
    if (found.ok) {
      if (!ids.includes(found.sector.id)) ids.push(found.sector.id);
      continue;
    }
    const detail =
      found.reason === 'unknown'
        ? `« ${name} » ne correspond à aucun secteur de la nomenclature.`
        : `« ${name} » correspond à plusieurs secteurs (` +
          `${found.sectors.map((s) => s.name).join(' ; ')}) : écrivez le nom exact.`;
    issues.add(planHeader('sector'), text, detail, 'error');
  }
  return ids;
}

function readDate(cells: RowCells, issues: RowIssues): string | null {
  const text = cells.text('date');
  if (text === '') return null;
  const parsed = parseFrenchDate(cells.raw('date') ?? null, {
    date1904: cells.date1904,
  });
  if (parsed.ok) return parsed.iso;
  const detail =
    parsed.reason === 'impossible'
      ? `« ${text} » n’est pas une date qui existe.`
      : `« ${text} » n’est pas une date : écrivez jj/mm/aaaa.`;
  issues.add(planHeader('date'), text, detail, 'error');
  return null;
}

/** A place cell; a postcode typed as a number may have lost its leading zero. */
function placeCell(cells: RowCells, key: PlanColumnKey): string {
  const raw = cells.raw(key);
  if (typeof raw === 'number' && Number.isInteger(raw) && raw >= 1000 && raw <= 9999) {
    return String(raw).padStart(5, '0');
  }
  return cells.text(key);
}

/**
 * The place text: the place column, or else the commune and the postcode
 * columns together (« Harnes 62440 »), with the column it is reported under.
 */
function placeText(cells: RowCells): { text: string; column: string } {
  const place = placeCell(cells, 'place');
  if (place !== '') return { text: place, column: planHeader('place') };
  const commune = placeCell(cells, 'commune');
  const postcode = placeCell(cells, 'postcode');
  const text = [commune, postcode].filter((t) => t !== '').join(' ');
  const column = commune !== '' ? planHeader('commune') : planHeader('postcode');
  return { text, column: text === '' ? planHeader('place') : column };
}

/**
 * The need's sites: one, or several (« Harnes ; Lens ») each resolved the
 * same way, the first being the place and the others additional places.
 */
function readPlace(
  text: string,
  column: string,
  issues: RowIssues,
  ctx: PlanContext,
): { place: Place | null; additionalPlaces: Place[]; candidates: Place[] } {
  const parts = siteParts(text);
  const sites = combineSites(
    parts,
    parts.map((part) => resolvePlace(ctx.places, part)),
  );
  for (const message of sites.errors) issues.add(column, text, message, 'error');
  for (const message of [...sites.warnings, ...sites.leftOut]) {
    issues.add(column, text, message, 'warning');
  }
  return {
    place: sites.errors.length > 0 ? null : sites.place,
    additionalPlaces: sites.additionalPlaces,
    candidates: sites.errors.length > 0 ? [] : sites.placeCandidates,
  };
}

const KNOWN_LABELS = Object.values(LABEL_NAMES).join(', ');

function readLabels(cells: RowCells, issues: RowIssues, key: PlanColumnKey): LabelCode[] {
  const text = cells.text(key);
  if (text === '') return [];
  const { labels, unknown } = parseLabels(text);
  const required = key === 'requiredLabels';
  for (const name of unknown) {
    issues.add(
      planHeader(key),
      text,
      `« ${name} » n’est pas un label reconnu${required ? '' : ' (ignoré)'} ; ` +
        `labels possibles : ${KNOWN_LABELS}.`,
      required ? 'error' : 'warning',
    );
  }
  return labels;
}

function splitKeywords(text: string): string[] {
  return text
    .split(/[,;]/)
    .map((k) => k.trim())
    .filter((k) => k !== '');
}

/** Reads one data row into a need, or null when it has an error. */
function needFromRow(
  cells: RowCells,
  issues: RowIssues,
  ctx: PlanContext,
  header: QuantityHeader,
): RowNeed | null {
  const title = cells.text('title');
  const place = placeText(cells);
  if (title === '')
    issues.add(planHeader('title'), '', 'valeur obligatoire manquante.', 'error');
  if (place.text === '')
    issues.add(planHeader('place'), '', 'valeur obligatoire manquante.', 'error');
  const what = ['cpv', 'sector', 'keywords'] as const;
  if (what.every((key) => cells.text(key) === '')) {
    issues.add(
      '',
      '',
      'indiquez au moins un code CPV, un secteur ou des mots-clés.',
      'error',
    );
  }

  const cpv = readCpv(cells, issues, ctx);
  const sectorIds = readSectors(cells, issues, ctx);
  const quantity = readQuantity(cells, issues, header);
  checkHeaderUnit(quantity, header, issues);
  const date = readDate(cells, issues);
  const resolved =
    place.text === ''
      ? { place: null, additionalPlaces: [], candidates: [] }
      : readPlace(place.text, place.column, issues, ctx);
  let maxDistanceKm = readNumber(cells, issues, 'maxDistance');
  if (maxDistanceKm === 0) {
    const text = cells.text('maxDistance');
    issues.add(
      planHeader('maxDistance'),
      text,
      'la distance doit dépasser 0 km.',
      'error',
    );
    maxDistanceKm = undefined;
  }
  const requiredLabels = readLabels(cells, issues, 'requiredLabels');
  const preferredLabels = readLabels(cells, issues, 'preferredLabels');
  const budget = readNumber(cells, issues, 'budget');
  if (issues.blocked) return null;

  const sector = cells.text('sector');
  const need: Need = {
    id: `need-${issues.row}`,
    row: issues.row,
    title,
    cpv,
    sector: sector === '' ? null : sector,
    sectorIds,
    keywords: splitKeywords(cells.text('keywords')),
    quantity: quantity.quantity,
    unit: quantity.unitText,
    frequency: quantity.period?.frequency ?? null,
    quantityKind: null,
    unitCode: null,
    normalizedQuantity: null,
    timesPerYear: quantity.period?.timesPerYear ?? null,
    annualQuantity: null,
    date,
    placeText: place.text,
    place: resolved.place,
    ...(resolved.additionalPlaces.length > 0
      ? { additionalPlaces: resolved.additionalPlaces }
      : {}),
    placeCandidates: resolved.candidates,
    maxDistanceKm: maxDistanceKm ?? ctx.defaultMaxDistanceKm,
    requiredLabels,
    preferredLabels: preferredLabels.filter((l) => !requiredLabels.includes(l)),
    budget: budget ?? null,
  };
  const unit = quantity.unit?.status === 'found' ? quantity.unit.unit : null;
  setQuantityUnit(need, unit);
  return { need, quantity, issues };
}

/** Cells up to the last non-empty one. */
function usedWidth(cells: readonly CellValue[]): number {
  let width = cells.length;
  while (width > 0 && cellText(cells[width - 1]) === '') width -= 1;
  return width;
}

/** Columns of the header: up to its last non-empty cell. */
function headerWidth(header: SheetRow): number {
  return usedWidth(header.cells);
}

/**
 * A row with values beyond the header's last column has its values shifted
 * (a decimal comma in a comma CSV, a wrong separator): an error, true.
 */
function checkRowWidth(row: SheetRow, width: number, issues: RowIssues): boolean {
  const used = usedWidth(row.cells);
  if (used <= width) return false;
  issues.add(
    '',
    row.cells
      .slice(width)
      .map((c) => cellText(c))
      .filter((t) => t !== '')
      .join(' | '),
    `${used} valeurs pour ${width} colonnes ; vérifiez le séparateur ou les ` +
      'virgules décimales (12,5 doit être entre guillemets dans un CSV à virgules).',
    'error',
  );
  return true;
}

function planName(fileName: string): string {
  const base = fileName.split(/[/\\]/).pop() ?? fileName;
  return base.replace(/\.[^.]+$/, '') || base;
}

/** Columns of the header row: the buyer's saved mapping for it, or as recognised. */
interface HeaderColumns {
  columns: Map<PlanColumnKey, number>;
  issues: ImportIssue[];
  quantity: QuantityHeader;
}

function headerIssue(
  file: string,
  row: number,
  header: string,
  message: string,
): ImportIssue {
  return { file, row, column: header, value: header, message, severity: 'warning' };
}

/** Reads the header row, reporting ignored columns and columns taken by a guess. */
function readHeader(
  file: string,
  header: SheetRow,
  mapping: SavedColumnMapping | null,
): HeaderColumns {
  const row = header.rowNumber;
  const cellHeader = (index: number): string => cellText(header.cells[index]);
  const quantity: QuantityHeader = {
    name: planHeader('quantity'),
    unitText: null,
    unit: null,
    period: null,
  };
  if (mapping) {
    const issues = mapping.headers.flatMap((text, index) =>
      mapping.columns[index] === null && text !== ''
        ? [
            headerIssue(
              file,
              row,
              text,
              `Colonne « ${text} » ignorée, comme vous l’avez choisi.`,
            ),
          ]
        : [],
    );
    return { columns: columnsOfMapping(mapping), issues, quantity };
  }

  const match = matchPlanHeaders(header.cells);
  const issues = match.ignored.map((column) =>
    headerIssue(
      file,
      row,
      column.header,
      column.duplicate
        ? `Colonne « ${column.header} » en double : colonne ignorée.`
        : `Colonne « ${column.header} » inconnue du modèle : colonne ignorée.`,
    ),
  );
  for (const [key, index] of match.columns) {
    if (match.confidence.get(key) !== 'fuzzy') continue;
    const text = cellHeader(index);
    issues.push(
      headerIssue(
        file,
        row,
        text,
        `Colonne « ${text} » lue comme « ${planHeader(key)} » : vérifiez-le, ou ` +
          'choisissez vous-même la correspondance des colonnes.',
      ),
    );
  }
  const quantityIndex = match.columns.get('quantity');
  if (quantityIndex !== undefined) quantity.name = cellHeader(quantityIndex);
  if (match.quantityUnit !== null) {
    const unit = parseUnit(match.quantityUnit);
    quantity.unitText = match.quantityUnit;
    quantity.unit = unit.status === 'found' ? unit.unit : null;
  }
  if (match.quantityPeriod !== null) quantity.period = parsePeriod(match.quantityPeriod);
  return { columns: match.columns, issues, quantity };
}

/** Index in `rows` of the header: a row with a saved mapping first, else the usual search. */
function headerIndex(
  rows: readonly SheetRow[],
  mappings: readonly SavedColumnMapping[],
): { index: number; mapping: SavedColumnMapping | null } {
  if (mappings.length > 0) {
    const top = rows.slice(0, HEADER_SEARCH_ROWS);
    for (const [index, row] of top.entries()) {
      const mapping = findColumnMapping(mappings, row.cells);
      if (mapping) return { index, mapping };
    }
  }
  return { index: Math.max(0, findHeaderRow(rows)), mapping: null };
}

/** Reads a purchase-plan sheet into a Plan and its issues. */
export function needsFromSheet(sheet: SheetRows, ctx: PlanContext): PlanImportResult {
  const file = sheet.fileName;
  const plan = {
    name: planName(file),
    sourceFile: file,
    importedAt: ctx.now.toISOString(),
    needs: [] as Need[],
  };
  const nonEmpty = sheet.rows.filter((row) => !isEmptyRow(row));
  // Title rows above the header are ignored; without a header, the first row is one.
  const found = headerIndex(nonEmpty, ctx.columnMappings ?? []);
  const rows = nonEmpty.slice(found.index);
  const header = rows[0];
  if (!header) {
    const message = `Le fichier « ${file} » ne contient aucune ligne : utilisez le modèle de plan d’achats.`;
    return {
      plan,
      rowsRead: 0,
      issues: [{ file, row: 0, column: '', value: '', message, severity: 'error' }],
    };
  }

  const read = readHeader(file, header, found.mapping);
  const { columns } = read;
  // Messages name each column as the file does (« Qté », not « Quantité »).
  const headers = new Map<string, string>();
  for (const [key, index] of columns) {
    const written = cellText(header.cells[index]);
    if (written !== '') headers.set(planHeader(key), written);
  }
  const issues: ImportIssue[] = [...read.issues];
  const missing = (['title'] as const).filter((k) => !columns.has(k)).map(planHeader);
  if (!(['place', 'commune', 'postcode'] as const).some((k) => columns.has(k))) {
    missing.push(planHeader('place'));
  }
  const whatMissing = (['cpv', 'sector', 'keywords'] as const).every(
    (k) => !columns.has(k),
  );
  if (missing.length > 0 || whatMissing) {
    const parts = missing.map((h) => `« ${h} »`);
    if (whatMissing)
      parts.push('au moins une des colonnes « Code CPV », « Secteur », « Mots-clés »');
    issues.push({
      file,
      row: header.rowNumber,
      column: '',
      value: '',
      message:
        `Colonnes obligatoires manquantes : ${parts.join(', ')}. ` +
        'Utilisez le modèle de plan d’achats.',
      severity: 'error',
    });
    return { plan, rowsRead: rows.length - 1, issues };
  }

  const rowNeeds: RowNeed[] = [];
  const rowIssues: RowIssues[] = [];
  for (const row of rows.slice(1)) {
    const cells: RowCells = {
      date1904: sheet.date1904 === true,
      raw: (key) => {
        const index = columns.get(key);
        return index === undefined ? undefined : row.cells[index];
      },
      text: (key) => cellText(cells.raw(key)),
    };
    const issuesOfRow = new RowIssues(file, row.rowNumber, headers);
    if (row.hidden) {
      issuesOfRow.add(
        '',
        '',
        'ligne masquée dans le classeur, importée quand même.',
        'warning',
      );
    }
    const extra = checkRowWidth(row, headerWidth(header), issuesOfRow);
    const unreadable = reportCellProblems(row, columns, issuesOfRow);
    const need =
      extra || unreadable ? null : needFromRow(cells, issuesOfRow, ctx, read.quantity);
    if (need) rowNeeds.push(need);
    rowIssues.push(issuesOfRow);
  }
  // Units are checked across the lines of each need once every row is read.
  checkUnitsAcrossNeeds(rowNeeds);
  plan.needs.push(...rowNeeds.map((r) => r.need));
  for (const list of rowIssues) issues.push(...list.list);
  return { plan, rowsRead: rows.length - 1, issues };
}
