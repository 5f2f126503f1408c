/**
 * A plan written back in the template's layout (issue 4, point 9): the same
 * headers in the same order, one row per need in the buyer's order, so that
 * importing the file gives the same needs. Codes are text, dates real dates
 * shown dd/mm/yyyy, quantities and amounts numbers.
 */
import ExcelJS from 'exceljs';
import type { CpvNomenclature } from '../../../shared/cpv';
import type { FilePayload } from '../../../shared/ipc';
import type { Need, Place } from '../../../shared/model';
import { FREQUENCY_NAMES, LABEL_NAMES } from '../../../shared/model';
import type { PlaceIndex } from '../../../shared/places/place-index';
import { resolvePlace } from '../../../shared/places/place-index';
import { PLAN_TEMPLATE_HEADERS } from '../../../shared/plan/plan-template';
import { siteParts } from '../../../shared/plan/resolve-sites';
import type { CellValue } from '../../../shared/plan/sheet';
import { codeColumnKind } from './code-columns';
import { frenchCsv } from './plan-template';

/** What writing a plan needs besides its needs. */
export interface PlanExportContext {
  /** Adds the check digit to CPV codes, as the template shows them. */
  cpv?: CpvNomenclature;
  /** Checks that the place text still finds the need's place (see placeCell). */
  places?: PlaceIndex;
}

/** Periods that have no Frequency of their own, by times per year (parse-frequency.ts). */
const PERIOD_NAMES: Record<number, string> = {
  2: 'semestriel',
  4: 'trimestriel',
  6: 'bimestriel',
};

function frequencyCell(need: Need): string | null {
  if (need.frequency !== null) return FREQUENCY_NAMES[need.frequency];
  if (need.timesPerYear === null) return null;
  return PERIOD_NAMES[need.timesPerYear] ?? null;
}

function cpvCell(need: Need, ctx: PlanExportContext): string | null {
  if (need.cpv === null) return null;
  const check = ctx.cpv?.checkDigit(need.cpv);
  return check === undefined ? need.cpv : `${need.cpv}-${check}`;
}

/** A calendar day (yyyy-mm-dd) as the UTC-midnight Date the readers give back. */
function dateCell(iso: string | null): Date | null {
  if (iso === null) return null;
  const date = new Date(`${iso}T00:00:00Z`);
  return Number.isNaN(date.getTime()) ? null : date;
}

function samePlace(a: Place, b: Place): boolean {
  return (
    a.inseeCode === b.inseeCode &&
    a.postcode === b.postcode &&
    a.lat === b.lat &&
    a.lon === b.lon
  );
}

/** One site as typed when it still finds the place kept; else the place's label. */
function siteText(typed: string, place: Place, places: PlaceIndex): string {
  const found = resolvePlace(places, typed);
  return found.status === 'found' && samePlace(found.place, place) ? typed : place.label;
}

/**
 * The place as typed when it still finds the place the buyer kept; else the
 * place's label (« Saint-Denis (93) », « Harnes (62440) »), which finds it:
 * an ambiguous text whose commune the buyer picked must not ask again. Several
 * sites are written back joined with « ; », each checked the same way.
 */
function placeCell(need: Need, ctx: PlanExportContext): string {
  const place = need.place;
  if (place === null || ctx.places === undefined) return need.placeText;
  const sites = [place, ...(need.additionalPlaces ?? [])];
  const parts = siteParts(need.placeText);
  // A site left out as ambiguous (more parts than sites): the text as typed,
  // which imports back to the same need and the same warning.
  if (parts.length !== sites.length) return need.placeText;
  const places = ctx.places;
  return sites
    .map((site, i) => siteText(parts[i] ?? site.label, site, places))
    .join(' ; ');
}

function labelsCell(labels: readonly (keyof typeof LABEL_NAMES)[]): string | null {
  return labels.length === 0 ? null : labels.map((l) => LABEL_NAMES[l]).join(' ; ');
}

/** One need as a row aligned with PLAN_TEMPLATE_HEADERS. */
export function needRow(need: Need, ctx: PlanExportContext = {}): CellValue[] {
  return [
    need.title,
    cpvCell(need, ctx),
    need.sector,
    need.keywords.length === 0 ? null : need.keywords.join(', '),
    need.quantity,
    need.unit,
    frequencyCell(need),
    dateCell(need.date),
    placeCell(need, ctx),
    need.maxDistanceKm,
    labelsCell(need.requiredLabels),
    labelsCell(need.preferredLabels),
    need.budget,
  ];
}

/** The plan as an .xlsx in the template's layout. */
export async function planXlsx(
  needs: readonly Need[],
  ctx: PlanExportContext = {},
): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Passerelle';
  workbook.title = 'Plan d’achats';
  const sheet = workbook.addWorksheet('Plan d’achats', {
    views: [{ state: 'frozen', ySplit: 1 }],
  });
  PLAN_TEMPLATE_HEADERS.forEach((header, index) => {
    const column = sheet.getColumn(index + 1);
    column.width = Math.min(45, Math.max(12, header.length + 2));
    // Set before the rows: a code typed later in Excel stays text too.
    if (codeColumnKind(header)) column.numFmt = '@';
  });
  sheet.addRow([...PLAN_TEMPLATE_HEADERS]);
  sheet.getRow(1).font = { bold: true };
  for (const need of needs) {
    const row = sheet.addRow(needRow(need, ctx));
    row.eachCell((cell) => {
      if (cell.value instanceof Date) cell.numFmt = 'dd/mm/yyyy';
    });
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** The plan as a `;`-separated UTF-8 CSV with a BOM, numbers and dates the French way. */
export function planCsv(needs: readonly Need[], ctx: PlanExportContext = {}): string {
  return frenchCsv([PLAN_TEMPLATE_HEADERS, ...needs.map((n) => needRow(n, ctx))]);
}

/** A file name from the plan's name: letters, digits and dashes. */
export function exportFileName(planName: string, extension: string): string {
  const base = planName
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .toLowerCase();
  return `${base === '' ? 'plan-achats' : base}.${extension}`;
}

/** The plan as an .xlsx or .csv file payload. */
export async function exportPlanFile(
  plan: { name: string; needs: readonly Need[] },
  format: 'xlsx' | 'csv',
  ctx: PlanExportContext = {},
): Promise<FilePayload> {
  const bytes =
    format === 'csv'
      ? Buffer.from(planCsv(plan.needs, ctx), 'utf8')
      : await planXlsx(plan.needs, ctx);
  return { name: exportFileName(plan.name, format), base64: bytes.toString('base64') };
}
