/** One row of a publisher's supplier spreadsheet → one Supplier, or why not. */
import type { ImportIssue, Sector, Supplier } from '../../../shared/model';
import type { PlaceIndex } from '../../../shared/places/place-index';
import type { SheetRow } from '../../../shared/plan/sheet';
import { siretProblem } from '../../../shared/catalogue/siret';
import { emailOrNull, phoneOrNull } from '../../../shared/catalogue/contact';
import { locateSupplier } from './locate-supplier';
import {
  readKind,
  readLabels,
  readNaf,
  readPostcode,
  readSectors,
  readServiceArea,
  readWebsite,
  type CellRead,
} from './supplier-cells';
import {
  cellText,
  SUPPLIER_COLUMNS,
  type ColumnPositions,
  type SupplierColumnKey,
} from './supplier-columns';

/** What every row of one sheet shares. */
export interface SupplierSheetContext {
  fileName: string;
  header: SheetRow;
  positions: ColumnPositions;
  sectors: readonly Sector[];
  /** The communes, loaded on first need (a row without coordinates). */
  loadPlaces: () => PlaceIndex;
  /** Provenance written into each supplier's `sources`. */
  dataset: string;
  licence: string;
}

/** A supplier read (with warnings about what it left out), or why the row is refused. */
export type RowResult =
  | { ok: true; supplier: Supplier; warnings: ImportIssue[] }
  | { ok: false; issue: ImportIssue };

const STABLE_ID = /^[a-z-]+-\d+$/;

const areaCodes = new WeakMap<
  PlaceIndex,
  { departements: Set<string>; regions: Set<string> }
>();

/** The département and région codes of the communes (COG), computed once per index. */
function knownAreaCodes(places: PlaceIndex): {
  departements: Set<string>;
  regions: Set<string>;
} {
  let codes = areaCodes.get(places);
  if (!codes) {
    codes = { departements: new Set(), regions: new Set() };
    for (const commune of places.byInsee.values()) {
      codes.departements.add(places.departementOf.get(commune) ?? commune.departement);
      if (commune.region) codes.regions.add(commune.region);
    }
    areaCodes.set(places, codes);
  }
  return codes;
}

/** Thrown inside supplierFromRow to stop at the row's first problem. */
class RowProblem {
  constructor(
    readonly key: SupplierColumnKey,
    readonly message: string,
  ) {}
}

/** Département of an INSEE code or, failing that, of a postcode (not Corsica's 20xxx). */
function departementOf(inseeCode: string | null, postcode: string): string | null {
  const code = inseeCode ?? (postcode.startsWith('20') ? '' : postcode);
  if (code === '') return null;
  return /^9[78]/.test(code) ? code.slice(0, 3) : code.slice(0, 2);
}

function supplierOf(
  row: SheetRow,
  context: SupplierSheetContext,
  warn: (problem: RowProblem) => void,
): Supplier {
  const text = (key: SupplierColumnKey): string => {
    const position = context.positions[key];
    return position === undefined ? '' : cellText(row.cells[position]);
  };
  const need = <T>(key: SupplierColumnKey, read: CellRead<T>): T => {
    if (!read.ok) throw new RowProblem(key, read.message);
    return read.value;
  };

  const name = text('name');
  if (name === '') throw new RowProblem('name', 'raison sociale manquante');
  const siret = text('siret').replace(/\s/g, '') || null;
  const siretReason = siret === null ? null : siretProblem(siret);
  if (siretReason) throw new RowProblem('siret', siretReason);
  const givenId = text('id');
  if (givenId !== '' && !STABLE_ID.test(givenId)) {
    throw new RowProblem(
      'id',
      'identifiant non conforme (lettres minuscules, tiret, chiffres : ex. « reseau-12 »)',
    );
  }
  const id = givenId || (siret ? `siret-${siret}` : `ligne-${row.rowNumber}`);
  const kind = need('kind', readKind(text('kind')));
  const labels = need('labels', readLabels(text('labels')));
  const { sectorIds, cpv } = need(
    'sectors',
    readSectors(text('sectors'), context.sectors),
  );
  const naf = need('naf', readNaf(text('naf')));
  const website = need('website', readWebsite(text('website')));
  // A wrong e-mail costs the publisher the address, not the supplier.
  const email = emailOrNull(text('email'));
  if (email === null && text('email') !== '') {
    warn(
      new RowProblem(
        'email',
        'courriel ignoré : ce n’est pas une adresse électronique (ex. contact@exemple.fr)',
      ),
    );
  }
  const phone = phoneOrNull(text('phone'));
  const postcode = need('postcode', readPostcode(text('postcode')));
  const serviceArea = need('serviceArea', readServiceArea(text('serviceArea')));
  if (serviceArea?.kind === 'departements' || serviceArea?.kind === 'regions') {
    const known = knownAreaCodes(context.loadPlaces())[serviceArea.kind];
    const unknown = serviceArea.codes.filter((code) => !known.has(code));
    if (unknown.length > 0) {
      const what = serviceArea.kind === 'regions' ? 'région' : 'département';
      throw new RowProblem(
        'serviceArea',
        `zone d’intervention : ${what}${unknown.length > 1 ? 's' : ''} ` +
          `${unknown.map((c) => `« ${c} »`).join(', ')} ` +
          `inconnu${serviceArea.kind === 'regions' ? 'e' : ''}${unknown.length > 1 ? 's' : ''} ` +
          '(codes officiels du COG : 59, 2A, 974 ; régions 32, 11…)',
      );
    }
  }
  const givenInsee = text('inseeCode').toUpperCase();
  if (givenInsee !== '' && !/^[0-9][0-9AB]\d{3}$/.test(givenInsee)) {
    throw new RowProblem(
      'inseeCode',
      'code INSEE non conforme (5 caractères, ex. 62413 ou 2A004)',
    );
  }
  const place = {
    lat: text('lat'),
    lon: text('lon'),
    inseeCode: givenInsee,
    postcode,
    city: text('city'),
  };
  const located = locateSupplier(place, context.loadPlaces);
  if (!located.ok) throw new RowProblem(located.column, located.message);
  const { location, commune } = located.value;
  const inseeCode = givenInsee || commune?.inseeCode || null;
  return {
    id,
    siret,
    name,
    brand: text('brand') || null,
    kind,
    labels,
    naf,
    sectorIds,
    cpv,
    description: text('description') || null,
    website,
    ...(email === null ? {} : { email }),
    ...(phone === null ? {} : { phone }),
    address: {
      street: text('street'),
      postcode: postcode || commune?.postcode || '',
      city: text('city') || commune?.label.replace(/ \([^)]*\)$/, '') || '',
      inseeCode,
      departement: commune?.departement ?? departementOf(inseeCode, postcode),
    },
    location,
    serviceArea,
    offers: [],
    sources: [
      {
        dataset: context.dataset,
        recordId: givenId || siret || String(row.rowNumber),
        licence: context.licence,
        url: null,
      },
    ],
  };
}

/** Reads one row; a problem names the file, the row, the column as written and the value. */
export function supplierFromRow(row: SheetRow, context: SupplierSheetContext): RowResult {
  const warnings: ImportIssue[] = [];
  const warn = (problem: RowProblem): void => {
    warnings.push(issueOf(problem, row, context, 'warning'));
  };
  try {
    return { ok: true, supplier: supplierOf(row, context, warn), warnings };
  } catch (error) {
    if (!(error instanceof RowProblem)) throw error;
    return { ok: false, issue: issueOf(error, row, context, 'error') };
  }
}

/** A problem of a row as the file, the row, the column as written and the value. */
function issueOf(
  problem: RowProblem,
  row: SheetRow,
  context: SupplierSheetContext,
  severity: 'error' | 'warning',
): ImportIssue {
  const position = context.positions[problem.key];
  const written = position === undefined ? undefined : context.header.cells[position];
  const column =
    typeof written === 'string' ? written.trim() : SUPPLIER_COLUMNS[problem.key][0];
  const value = position === undefined ? '' : cellText(row.cells[position]);
  return {
    file: context.fileName,
    row: row.rowNumber,
    column,
    value,
    message: `Ligne ${row.rowNumber}, colonne « ${column} » : ${problem.message}`,
    severity,
  };
}
