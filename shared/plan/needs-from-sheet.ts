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
  Frequency,
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
import { findHeaderRow } from './find-header-row';
import { parseFrenchDate } from './parse-french-date';
import { parseFrenchNumber } from './parse-french-number';
import { parseFrequency } from './parse-frequency';
import { matchPlanHeaders, planHeader, type PlanColumnKey } from './plan-columns';
import { resolveSectorName } from './resolve-sector-name';
import type { CellValue, SheetRow, SheetRows } from './sheet';

/** What reading a plan needs besides the sheet itself. */
export interface PlanContext {
  places: PlaceIndex;
  cpv: CpvNomenclature;
  sectors: Sector[];
  defaultMaxDistanceKm: number;
  now: Date;
}

/** Most candidates quoted in an "ambiguous place" message. */
const QUOTED_CANDIDATES = 8;

/** A cell as text, the way the buyer sees it. */
function cellText(value: CellValue | undefined): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) {
    return Number.isNaN(value.getTime()) ? '' : value.toISOString().slice(0, 10);
  }
  if (typeof value === 'number') return String(value).replace('.', ',');
  if (typeof value === 'boolean') return value ? 'VRAI' : 'FAUX';
  return value.trim();
}

function isEmptyRow(row: SheetRow): boolean {
  return row.cells.every((cell) => cellText(cell) === '');
}

/** Collects one row's issues; any error blocks the row. */
class RowIssues {
  readonly list: ImportIssue[] = [];
  blocked = false;

  constructor(
    private readonly file: string,
    readonly row: number,
  ) {}

  add(
    column: string,
    value: string,
    detail: string,
    severity: 'error' | 'warning',
  ): void {
    const where =
      column === '' ? `Ligne ${this.row}` : `Ligne ${this.row}, colonne « ${column} »`;
    this.list.push({
      file: this.file,
      row: this.row,
      column,
      value,
      message: `${where} : ${detail}`,
      severity,
    });
    if (severity === 'error') this.blocked = true;
  }
}

/** Reads the cells of one row through the header match. */
interface RowCells {
  raw(key: PlanColumnKey): CellValue | undefined;
  text(key: PlanColumnKey): string;
}

function readNumber(
  cells: RowCells,
  issues: RowIssues,
  key: PlanColumnKey,
): number | null | undefined {
  const text = cells.text(key);
  if (text === '') return null;
  const parsed = parseFrenchNumber(cells.raw(key) ?? null);
  const column = planHeader(key);
  if (!parsed.ok) {
    const detail =
      parsed.reason === 'ambiguous'
        ? `« ${text} » est ambigu : écrivez ${text.replace('.', '')} ou ${text.replace('.', ',')}.`
        : `« ${text} » n'est pas un nombre.`;
    issues.add(column, text, detail, 'error');
    return undefined;
  }
  if (parsed.value < 0) {
    issues.add(column, text, `« ${text} » ne peut pas être négatif.`, 'error');
    return undefined;
  }
  return parsed.value;
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

function readFrequency(cells: RowCells, issues: RowIssues): Frequency | null {
  const text = cells.text('frequency');
  if (text === '') return null;
  const frequency = parseFrequency(text);
  if (frequency === null) {
    issues.add(
      planHeader('frequency'),
      text,
      `« ${text} » n'est pas une fréquence reconnue : écrivez ponctuel, hebdomadaire, ` +
        'mensuel ou annuel.',
      'error',
    );
  }
  return frequency;
}

function readDate(cells: RowCells, issues: RowIssues): string | null {
  const text = cells.text('date');
  if (text === '') return null;
  const parsed = parseFrenchDate(cells.raw('date') ?? null);
  if (parsed.ok) return parsed.iso;
  const detail =
    parsed.reason === 'impossible'
      ? `« ${text} » n'est pas une date qui existe.`
      : `« ${text} » n'est pas une date : écrivez jj/mm/aaaa.`;
  issues.add(planHeader('date'), text, detail, 'error');
  return null;
}

/** The place text; a postcode typed as a number may have lost its leading zero. */
function placeText(cells: RowCells): string {
  const raw = cells.raw('place');
  if (typeof raw === 'number' && Number.isInteger(raw) && raw >= 1000 && raw <= 9999) {
    return String(raw).padStart(5, '0');
  }
  return cells.text('place');
}

function readPlace(
  text: string,
  issues: RowIssues,
  ctx: PlanContext,
): { place: Place | null; candidates: Place[] } {
  const column = planHeader('place');
  const resolved = resolvePlace(ctx.places, text);
  if (resolved.status === 'found') return { place: resolved.place, candidates: [] };
  if (resolved.status === 'not-found') {
    issues.add(column, text, resolved.message, 'error');
    return { place: null, candidates: [] };
  }
  const labels = resolved.candidates.map((c) => c.label);
  const quoted = labels.slice(0, QUOTED_CANDIDATES).join(', ');
  const more =
    labels.length > QUOTED_CANDIDATES
      ? ` et ${labels.length - QUOTED_CANDIDATES} autres`
      : '';
  issues.add(
    column,
    text,
    `Lieu ambigu « ${text} » : choisissez parmi ${quoted}${more}.`,
    'warning',
  );
  return { place: null, candidates: resolved.candidates };
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
      `« ${name} » n'est pas un label reconnu${required ? '' : ' (ignoré)'} ; ` +
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
function needFromRow(cells: RowCells, issues: RowIssues, ctx: PlanContext): Need | null {
  const title = cells.text('title');
  const place = placeText(cells);
  if (title === '')
    issues.add(planHeader('title'), '', 'valeur obligatoire manquante.', 'error');
  if (place === '')
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
  const quantity = readNumber(cells, issues, 'quantity');
  const frequency = readFrequency(cells, issues);
  const date = readDate(cells, issues);
  const resolved =
    place === '' ? { place: null, candidates: [] } : readPlace(place, issues, ctx);
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
  const unit = cells.text('unit');
  return {
    id: `need-${issues.row}`,
    row: issues.row,
    title,
    cpv,
    sector: sector === '' ? null : sector,
    sectorIds,
    keywords: splitKeywords(cells.text('keywords')),
    quantity: quantity ?? null,
    unit: unit === '' ? null : unit,
    frequency,
    date,
    placeText: place,
    place: resolved.place,
    placeCandidates: resolved.candidates,
    maxDistanceKm: maxDistanceKm ?? ctx.defaultMaxDistanceKm,
    requiredLabels,
    preferredLabels: preferredLabels.filter((l) => !requiredLabels.includes(l)),
    budget: budget ?? null,
  };
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

/** Reads a purchase-plan sheet (template columns) into a Plan and its issues. */
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
  const rows = nonEmpty.slice(Math.max(0, findHeaderRow(nonEmpty)));
  const header = rows[0];
  if (!header) {
    const message = `Le fichier « ${file} » ne contient aucune ligne : utilisez le modèle de plan d'achats.`;
    return {
      plan,
      rowsRead: 0,
      issues: [{ file, row: 0, column: '', value: '', message, severity: 'error' }],
    };
  }

  const issues: ImportIssue[] = [];
  const { columns, ignored } = matchPlanHeaders(header.cells);
  for (const column of ignored) {
    issues.push({
      file,
      row: header.rowNumber,
      column: column.header,
      value: column.header,
      message: column.duplicate
        ? `Colonne « ${column.header} » en double : colonne ignorée.`
        : `Colonne « ${column.header} » inconnue du modèle : colonne ignorée.`,
      severity: 'warning',
    });
  }

  const missing = (['title', 'place'] as const)
    .filter((k) => !columns.has(k))
    .map(planHeader);
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
        "Utilisez le modèle de plan d'achats.",
      severity: 'error',
    });
    return { plan, rowsRead: rows.length - 1, issues };
  }

  for (const row of rows.slice(1)) {
    const cells: RowCells = {
      raw: (key) => {
        const index = columns.get(key);
        return index === undefined ? undefined : row.cells[index];
      },
      text: (key) => cellText(cells.raw(key)),
    };
    const rowIssues = new RowIssues(file, row.rowNumber);
    const extra = checkRowWidth(row, headerWidth(header), rowIssues);
    const need = extra ? null : needFromRow(cells, rowIssues, ctx);
    if (need) plan.needs.push(need);
    issues.push(...rowIssues.list);
  }
  return { plan, rowsRead: rows.length - 1, issues };
}
