/** Suppliers from the Marché de l'inclusion fixture, enriched by SIRET with the 2019 ASP files. */
import {
  SUPPLIER_KINDS,
  type LabelCode,
  type Supplier,
  type SupplierKind,
} from '../../../shared/model';
import { ASP_DATASET, ASP_EXTRA_DATASET, INCLUSION_DATASET } from './datasets';
import { legalFormLabels } from '../../../shared/catalogue/legal-form-labels';
import { nafSectors, romeSectors } from './mappings';
import { field, type CsvRecord } from './read-csv';
import { siretProblem } from '../../../shared/catalogue/siret';
import {
  cpvOfSectors,
  report,
  sortLabels,
  sortSectorIds,
  sourceOf,
  supplierId,
  type RecordRef,
  type SupplierContext,
} from './supplier-context';
import { httpUrlOrNull, roundTo, textOrNull } from '../../../shared/catalogue/text';

/** The three inclusion files, as read. */
export interface InclusionInputs {
  structures: CsvRecord[];
  aspList: CsvRecord[];
  aspExtra: CsvRecord[];
}

const ROME_COLUMNS = ['ROME', ...[2, 3, 4, 5, 6, 7, 8, 9].map((n) => `ROME ${n}`)];

/** Builds one supplier per usable fixture record; rejects and warnings go to the context. */
export function buildInclusionSuppliers(
  inputs: InclusionInputs,
  context: SupplierContext,
): Supplier[] {
  const aspBySiret = groupBySiret(inputs.aspList);
  const extraBySiret = groupBySiret(inputs.aspExtra);
  const kept = new Map<string, string>();
  const suppliers: Supplier[] = [];
  const ordered = [...inputs.structures].sort(
    (a, b) => Number(field(a, 'id')) - Number(field(b, 'id')),
  );
  for (const record of ordered) {
    const ref: RecordRef = {
      dataset: INCLUSION_DATASET,
      recordId: field(record, 'id'),
      siret: field(record, 'siret'),
      name: field(record, 'name'),
    };
    const problem = siretProblem(ref.siret);
    if (problem) {
      report(
        context,
        'rejet',
        ref,
        'siret',
        ref.siret,
        `SIRET inutilisable : ${problem}`,
      );
      continue;
    }
    const lat = field(record, 'latitude');
    const lon = field(record, 'longitude');
    if (lat === '' || lon === '') {
      report(
        context,
        'rejet',
        ref,
        'latitude/longitude',
        `${lat}/${lon}`,
        'pas de coordonnées',
      );
      continue;
    }
    const keptId = kept.get(ref.siret);
    if (keptId) {
      const value = `${ref.siret} (enregistrement ${keptId} conservé)`;
      report(context, 'rejet', ref, 'siret', value, "doublon d'un SIRET déjà retenu");
      continue;
    }
    kept.set(ref.siret, ref.recordId);
    const asp = aspBySiret.get(ref.siret) ?? [];
    const extra = extraBySiret.get(ref.siret) ?? [];
    suppliers.push(buildSupplier(record, ref, asp, extra, context, { lat, lon }));
  }
  return suppliers;
}

function buildSupplier(
  record: CsvRecord,
  ref: RecordRef,
  asp: CsvRecord[],
  extra: CsvRecord[],
  context: SupplierContext,
  coordinates: { lat: string; lon: string },
): Supplier {
  const kind = kindOf(
    field(record, 'kind') || field(asp[0] ?? record, 'MESURE'),
    ref,
    context,
  );
  const legalForm =
    asp.map((row) => field(row, 'NATURE_JURIDIQUE')).find((f) => f !== '') ?? '';
  const labels: LabelCode[] = [
    kind === 'EA' ? 'handicap' : 'insertion',
    ...legalFormLabels(legalForm),
  ];
  const naf =
    (field(record, 'naf') || field(asp[0] ?? record, 'CODE_NAF2')).toUpperCase() || null;
  const sectorIds = sortSectorIds([
    ...sectorsOfNaf(naf, ref, context),
    ...sectorsOfRome(extra, context),
  ]);
  const address = addressOf(record, ref, context);
  const sources = [sourceOf(INCLUSION_DATASET, ref.recordId)];
  if (asp.length > 0)
    sources.push(sourceOf(ASP_DATASET, asp.map((r) => r.recordNumber).join(',')));
  if (extra.length > 0) {
    sources.push(sourceOf(ASP_EXTRA_DATASET, extra.map((r) => r.recordNumber).join(',')));
  }
  if (sectorIds.length === 0) {
    const generic = naf ? context.mappings.naf.get(naf)?.generic : false;
    const reason = naf
      ? generic
        ? 'aucun secteur : le code NAF ne dit pas ce qui est vendu'
        : 'aucun secteur : le code NAF ne correspond à aucun secteur'
      : 'aucun secteur : pas de code NAF';
    report(context, 'avertissement', ref, 'naf', naf ?? '', reason);
  }
  return {
    id: supplierId(ref.siret, INCLUSION_DATASET, ref.recordId),
    siret: ref.siret,
    name: ref.name,
    brand: textOrNull(field(record, 'brand')),
    kind,
    labels: sortLabels(labels),
    naf,
    sectorIds,
    cpv: cpvOfSectors(context.mappings, sectorIds),
    description: textOrNull(field(record, 'description')),
    website:
      httpUrlOrNull(field(record, 'website')) ??
      httpUrlOrNull(extra.map((r) => field(r, 'SITE WEB')).find((w) => w !== '')),
    address,
    location: {
      lat: roundTo(Number(coordinates.lat), 6),
      lon: roundTo(Number(coordinates.lon), 6),
    },
    serviceArea: null,
    offers: [],
    sources,
  };
}

function kindOf(value: string, ref: RecordRef, context: SupplierContext): SupplierKind {
  const kind = value.toUpperCase();
  if ((SUPPLIER_KINDS as readonly string[]).includes(kind)) return kind as SupplierKind;
  report(
    context,
    'avertissement',
    ref,
    'kind',
    value,
    'type de structure inconnu : ACI retenu',
  );
  return 'ACI';
}

function sectorsOfNaf(
  naf: string | null,
  ref: RecordRef,
  context: SupplierContext,
): number[] {
  if (!naf) return [];
  const mapping = nafSectors(context.mappings, naf);
  if (!mapping) {
    throw new Error(
      `Code NAF « ${naf} » (${ref.dataset.name}, enregistrement ${ref.recordId}) absent de resources/mappings/naf-sectors.csv : ajoutez-le`,
    );
  }
  return mapping.sectorIds;
}

function sectorsOfRome(extra: CsvRecord[], context: SupplierContext): number[] {
  const ids: number[] = [];
  for (const row of extra) {
    for (const column of ROME_COLUMNS) {
      const code = field(row, column).toUpperCase();
      if (code === '') continue;
      const sectors = romeSectors(context.mappings, code);
      if (!sectors) {
        throw new Error(
          `Code ROME « ${code} » (${ASP_EXTRA_DATASET.path}, enregistrement ${row.recordNumber}, colonne ${column}) absent de resources/mappings/rome-sectors.csv`,
        );
      }
      ids.push(...sectors);
    }
  }
  return ids;
}

function addressOf(
  record: CsvRecord,
  ref: RecordRef,
  context: SupplierContext,
): Supplier['address'] {
  const postcode = field(record, 'post_code');
  const city = field(record, 'city');
  const departement = textOrNull(field(record, 'department'));
  const match = context.communes.find(postcode, city, departement);
  if (match.status === 'not-found') {
    report(
      context,
      'avertissement',
      ref,
      'post_code/city',
      `${postcode} ${city}`,
      'commune introuvable',
    );
  } else if (match.status === 'postcode-only') {
    const value = `${postcode} ${city} → ${match.commune.insee} ${match.commune.name}`;
    report(
      context,
      'avertissement',
      ref,
      'city',
      value,
      'commune retenue par son seul code postal',
    );
  }
  const commune = match.status === 'not-found' ? null : match.commune;
  return {
    street: field(record, 'address'),
    postcode,
    city,
    inseeCode: commune?.insee ?? null,
    departement: departement ?? commune?.departement ?? null,
  };
}

function groupBySiret(records: CsvRecord[]): Map<string, CsvRecord[]> {
  const groups = new Map<string, CsvRecord[]>();
  for (const record of records) {
    const siret = field(record, 'SIRET');
    groups.set(siret, [...(groups.get(siret) ?? []), record]);
  }
  return groups;
}
