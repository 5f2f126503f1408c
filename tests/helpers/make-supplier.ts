import type { NeedMatch, Offer, Place, Supplier } from '../../shared/model';

/** Harnes (62413), at a round position the distance comments work from. */
export const HARNES: Place = {
  label: 'Harnes',
  inseeCode: '62413',
  postcode: '62440',
  departement: '62',
  lat: 50,
  lon: 3,
};

/**
 * A supplier with every optional field empty, addressed in Harnes (62440, no
 * INSEE code) at 50° N 3° E, an ACI with no label, activity or offer, unless
 * the fields say otherwise. For the matching tests, which set only what they
 * read; tests/unit/main/catalogue-factory.ts has a fuller one.
 */
export function makeBareSupplier(
  fields: Partial<Supplier> & Pick<Supplier, 'id'>,
): Supplier {
  return {
    siret: null,
    name: fields.id,
    brand: null,
    kind: 'ACI',
    labels: [],
    naf: null,
    sectorIds: [],
    cpv: [],
    description: null,
    website: null,
    address: {
      street: '',
      postcode: '62440',
      city: 'Harnes',
      inseeCode: null,
      departement: '62',
    },
    location: { lat: 50, lon: 3 },
    serviceArea: null,
    offers: [],
    sources: [],
    ...fields,
  };
}

/** An offer of vegetables in kg with no quantity, minimum or lead time known. */
export function makeOffer(fields: Partial<Offer> = {}): Offer {
  return {
    id: 'o1',
    label: 'Légumes',
    unit: 'kg',
    minimumOrder: null,
    capacity: null,
    capacityPeriod: null,
    leadTimeDays: null,
    ...fields,
  };
}

/**
 * The `inRange` of a need no supplier reaches: none in total, none of any
 * indicator kind, none a reserved contract may go to.
 */
export function noneInRange(): NeedMatch['inRange'] {
  return {
    total: 0,
    byKind: {
      insertion: 0,
      handicap: 0,
      ess: 0,
      bio: 0,
      'commerce-equitable': 0,
      local: 0,
    },
    reservable: { siae: 0, disability: 0, ess: 0 },
  };
}
