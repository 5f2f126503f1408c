/** Bytes, hashes and cursors of feed files: the same content always gives the same bytes. */
import { createHash } from 'node:crypto';
import type { Catalogue, Sector, ServiceArea, Supplier } from '../../../shared/model';

/** Lower-case hex SHA-256 of `bytes`. */
export function sha256Hex(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** The bytes a feed file is written with: compact UTF-8 JSON, no BOM. */
export function encodeFeedFile(document: object): Buffer {
  return Buffer.from(JSON.stringify(document), 'utf8');
}

function normaliseServiceArea(area: ServiceArea | null): ServiceArea | null {
  if (area === null) return null;
  switch (area.kind) {
    case 'radius':
      return { kind: 'radius', km: area.km };
    case 'departements':
    case 'regions':
      return { kind: area.kind, codes: [...area.codes] };
    case 'national':
      return { kind: 'national' };
  }
}

/**
 * A copy of a (valid) supplier with its keys in the model's order, so that two
 * equal records serialise to equal bytes whatever file they were read from.
 */
export function normaliseSupplier(s: Supplier): Supplier {
  const { address: a, location } = s;
  return {
    id: s.id,
    siret: s.siret,
    name: s.name,
    brand: s.brand,
    kind: s.kind,
    labels: [...s.labels],
    naf: s.naf,
    sectorIds: [...s.sectorIds],
    cpv: [...s.cpv],
    description: s.description,
    website: s.website,
    // Contacts only when known, so suppliers without them keep their bytes and hashes.
    ...(s.email ? { email: s.email } : {}),
    ...(s.phone ? { phone: s.phone } : {}),
    address: {
      street: a.street,
      postcode: a.postcode,
      city: a.city,
      inseeCode: a.inseeCode,
      departement: a.departement,
    },
    location: { lat: location.lat, lon: location.lon },
    serviceArea: normaliseServiceArea(s.serviceArea),
    offers: s.offers.map((o) => ({
      id: o.id,
      label: o.label,
      unit: o.unit,
      minimumOrder: o.minimumOrder,
      capacity: o.capacity,
      capacityPeriod: o.capacityPeriod,
      leadTimeDays: o.leadTimeDays,
      ...(o.unitPrice === undefined ? {} : { unitPrice: o.unitPrice }),
      ...(o.availableMonths === undefined ? {} : { availableMonths: o.availableMonths }),
    })),
    sources: s.sources.map((r) => ({
      dataset: r.dataset,
      recordId: r.recordId,
      licence: r.licence,
      url: r.url,
      ...(r.sourceId === undefined ? {} : { sourceId: r.sourceId }),
      ...(r.locationPrecision === undefined
        ? {}
        : { locationPrecision: r.locationPrecision }),
    })),
  };
}

/** Suppliers normalised and sorted by id (code-point order, as the snapshot keeps them). */
export function sortedSuppliers(suppliers: readonly Supplier[]): Supplier[] {
  return suppliers
    .map(normaliseSupplier)
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** What a snapshot holds, apart from its envelope. */
export interface FeedContent {
  datasets: Catalogue['datasets'];
  sectors: Sector[];
  /** Normalised and sorted by id. */
  suppliers: Supplier[];
}

/**
 * SHA-256 of the snapshot's content: the UTF-8 bytes of
 * JSON.stringify({ datasets, sectors, suppliers }) as the snapshot writes them.
 * The cursor cannot use the snapshot file's own hash, which depends on the
 * cursor written in it.
 */
export function contentSha256(content: FeedContent): string {
  const { datasets, sectors, suppliers } = content;
  return sha256Hex(JSON.stringify({ datasets, sectors, suppliers }));
}

/** `${sequence}-${first 12 hex digits of the content's SHA-256}`. */
export function makeCursor(sequence: number, contentHash: string): string {
  return `${sequence}-${contentHash.slice(0, 12)}`;
}

/** The data sets the suppliers cite, with how many suppliers cite each. */
export function datasetsOf(
  suppliers: readonly Supplier[],
  known: Catalogue['datasets'] = [],
): Catalogue['datasets'] {
  const byName = new Map<string, Catalogue['datasets'][number]>();
  for (const supplier of suppliers) {
    for (const name of new Set(supplier.sources.map((s) => s.dataset))) {
      const entry = byName.get(name);
      if (entry) {
        entry.records += 1;
        continue;
      }
      const first = supplier.sources.find((s) => s.dataset === name);
      const stated = known.find((d) => d.name === name);
      byName.set(name, {
        name,
        licence: stated?.licence || first?.licence || 'Licence non précisée',
        // A record's address is not the data set's: unknown unless stated.
        url: stated ? stated.url : null,
        records: 1,
      });
    }
  }
  // The data sets the publisher stated keep their order; others follow as met.
  const rank = (name: string): number => {
    const at = known.findIndex((d) => d.name === name);
    return at < 0 ? known.length : at;
  };
  return [...byName.values()].sort((a, b) => rank(a.name) - rank(b.name));
}
