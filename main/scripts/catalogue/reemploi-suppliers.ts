/** Suppliers from the reuse-actors list, merged by SIRET into inclusion suppliers. */
import type {
  CommuneRecord,
  LabelCode,
  ServiceArea,
  Supplier,
  SupplierKind,
} from '../../../shared/model';
import { REEMPLOI_DATASET } from './datasets';
import { field, type CsvRecord } from './read-csv';
import { passesLuhn, siretProblem } from '../../../shared/catalogue/siret';
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

/** What the reuse build added and merged. */
export interface ReemploiResult {
  added: Supplier[];
  merged: number;
}

/** Adds the reuse actors: new suppliers, or extra sources of an inclusion supplier with their SIRET. */
export function addReemploiSuppliers(
  records: CsvRecord[],
  existing: Map<string, Supplier>,
  regionOfDepartement: Map<string, string>,
  context: SupplierContext,
): ReemploiResult {
  const added: Supplier[] = [];
  const seen = new Set<string>();
  let merged = 0;
  for (const record of records) {
    const rawSiret = field(record, 'SIRET').replace(/\s/g, '');
    const ref: RecordRef = {
      dataset: REEMPLOI_DATASET,
      recordId: String(record.recordNumber),
      siret: rawSiret,
      name: field(record, 'Nom_structure'),
    };
    const siret = usableSiret(rawSiret, ref, context);
    if (siret === undefined) continue;
    const lat = field(record, 'Latitude');
    const lon = field(record, 'Longitude');
    if (lat === '' || lon === '') {
      report(
        context,
        'rejet',
        ref,
        'Latitude/Longitude',
        `${lat}/${lon}`,
        'pas de coordonnées',
      );
      continue;
    }
    if (siret && seen.has(siret)) {
      report(
        context,
        'rejet',
        ref,
        'SIRET',
        siret,
        'doublon du SIRET dans la liste du réemploi',
      );
      continue;
    }
    if (siret) seen.add(siret);
    const supplier = buildSupplier(
      record,
      ref,
      siret,
      { lat, lon },
      regionOfDepartement,
      context,
    );
    const inclusion = siret ? existing.get(siret) : undefined;
    if (inclusion) {
      mergeInto(inclusion, supplier, context);
      merged += 1;
    } else {
      added.push(supplier);
    }
  }
  return { added, merged };
}

/** The SIRET to keep; null for a lone SIREN; undefined when the record is rejected. */
function usableSiret(
  raw: string,
  ref: RecordRef,
  context: SupplierContext,
): string | null | undefined {
  if (/^\d{9}$/.test(raw) && passesLuhn(raw)) {
    report(
      context,
      'avertissement',
      ref,
      'SIRET',
      raw,
      "SIREN seulement : pas d'établissement identifié",
    );
    return null;
  }
  const problem = siretProblem(raw);
  if (problem) {
    report(context, 'rejet', ref, 'SIRET', raw, `SIRET inutilisable : ${problem}`);
    return undefined;
  }
  return raw;
}

function buildSupplier(
  record: CsvRecord,
  ref: RecordRef,
  siret: string | null,
  coordinates: { lat: string; lon: string },
  regionOfDepartement: Map<string, string>,
  context: SupplierContext,
): Supplier {
  const status = field(record, 'Statut_structure');
  const certifications = field(record, 'Certifications');
  const departement =
    /^(\d[\dAB]|97\d)\s*-/.exec(field(record, 'Departement'))?.[1] ?? null;
  const sectorIds = sortSectorIds(sectorsOf(record, context));
  if (sectorIds.length === 0) {
    const value = `${field(record, 'Domaine')} / ${field(record, 'Categorie_produits')}`;
    report(
      context,
      'avertissement',
      ref,
      'Domaine/Categorie_produits',
      value,
      'aucun secteur',
    );
  }
  return {
    id: supplierId(siret, REEMPLOI_DATASET, ref.recordId),
    siret,
    name: ref.name,
    brand: null,
    kind: kindOf(status, certifications),
    labels: sortLabels(labelsOf(status, certifications)),
    naf: null,
    sectorIds,
    cpv: cpvOfSectors(context.mappings, sectorIds),
    description: textOrNull(field(record, 'Presentation')),
    website: httpUrlOrNull(field(record, 'Site_internet')),
    address: addressOf(record, ref, departement, coordinates, context),
    location: {
      lat: roundTo(Number(coordinates.lat), 6),
      lon: roundTo(Number(coordinates.lon), 6),
    },
    serviceArea: serviceAreaOf(record, ref, departement, regionOfDepartement, context),
    offers: [],
    sources: [sourceOf(REEMPLOI_DATASET, ref.recordId)],
  };
}

function kindOf(status: string, certifications: string): SupplierKind {
  if (/handicap/i.test(status) || /entreprise adaptée/i.test(certifications)) return 'EA';
  if (/ESS|insertion/i.test(status)) return 'ESS';
  return 'ENTREPRISE';
}

function labelsOf(status: string, certifications: string): LabelCode[] {
  const labels: LabelCode[] = ['reemploi'];
  if (/insertion/i.test(status)) labels.push('insertion');
  if (/ESS/.test(status)) labels.push('ess');
  if (/handicap/i.test(status)) labels.push('handicap');
  if (/\bESUS\b/.test(certifications)) labels.push('esus');
  if (/coopérative d.intérêt collectif|\bSCIC\b/i.test(certifications))
    labels.push('scic', 'ess');
  return labels;
}

function sectorsOf(record: CsvRecord, context: SupplierContext): number[] {
  const ids: number[] = [];
  for (const column of ['Categorie_produits', 'Domaine']) {
    for (const value of field(record, column)
      .split(';')
      .map((v) => v.trim())) {
      if (value === '') continue;
      const sectors = context.mappings.reemploi.get(`${column}|${value}`);
      if (!sectors) {
        throw new Error(
          `Valeur « ${value} » (${REEMPLOI_DATASET.path}, enregistrement ${record.recordNumber}, colonne ${column}) absente de resources/mappings/reemploi-sectors.csv`,
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
  departement: string | null,
  coordinates: { lat: string; lon: string },
  context: SupplierContext,
): Supplier['address'] {
  const city = field(record, 'Ville');
  const near = { lat: Number(coordinates.lat), lon: Number(coordinates.lon) };
  const commune: CommuneRecord | null = departement
    ? context.communes.findByName(city, departement, near)
    : null;
  if (!commune) {
    report(
      context,
      'avertissement',
      ref,
      'Ville',
      `${city} (${departement ?? '?'})`,
      'commune introuvable',
    );
  }
  // The file has no postcode: only a commune with a single postcode gives one for sure.
  const postcode = commune && commune.postcodes.length === 1 ? commune.postcodes[0]! : '';
  if (commune && postcode === '') {
    const value = `${commune.insee} ${commune.name} : ${commune.postcodes.join(' ')}`;
    report(
      context,
      'avertissement',
      ref,
      'Ville',
      value,
      'code postal inconnu : la commune en a plusieurs',
    );
  }
  return {
    street: field(record, 'Adresse'),
    postcode,
    city,
    inseeCode: commune?.insee ?? null,
    departement: departement ?? commune?.departement ?? null,
  };
}

function serviceAreaOf(
  record: CsvRecord,
  ref: RecordRef,
  departement: string | null,
  regionOfDepartement: Map<string, string>,
  context: SupplierContext,
): ServiceArea | null {
  const zone = field(record, 'Zone_intervention');
  if (/^nationale|^hexagone/i.test(zone)) return { kind: 'national' };
  const region = departement ? regionOfDepartement.get(departement) : undefined;
  if (/^régionale/i.test(zone) && region) return { kind: 'regions', codes: [region] };
  if (/^départementale/i.test(zone) && departement)
    return { kind: 'departements', codes: [departement] };
  report(
    context,
    'avertissement',
    ref,
    'Zone_intervention',
    zone,
    "zone d'intervention non reconnue",
  );
  return null;
}

/** Merges a reuse record into the inclusion supplier with the same SIRET. */
function mergeInto(target: Supplier, reuse: Supplier, context: SupplierContext): void {
  target.labels = sortLabels([...target.labels, ...reuse.labels]);
  target.sectorIds = sortSectorIds([...target.sectorIds, ...reuse.sectorIds]);
  target.cpv = cpvOfSectors(context.mappings, target.sectorIds);
  target.description ??= reuse.description;
  target.website ??= reuse.website;
  target.serviceArea ??= reuse.serviceArea;
  target.sources = [...target.sources, ...reuse.sources];
}
