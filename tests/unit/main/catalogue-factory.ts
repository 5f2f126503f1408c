/** Small hand-written catalogues for the main-process tests. */
import type { Catalogue, Need, Supplier } from '../../../shared/model';
import { makeNeed } from '../../helpers/make-need';

/** A supplier in Harnes (62440) unless overridden. */
export function makeSupplier(overrides: Partial<Supplier> = {}): Supplier {
  return {
    id: 'siret-12345678900011',
    siret: '12345678900011',
    name: 'Jardins de Harnes',
    brand: null,
    kind: 'ACI',
    labels: ['insertion'],
    naf: '8130Z',
    sectorIds: [1],
    cpv: ['77310000'],
    description: 'Entretien des espaces verts',
    website: 'https://jardins.example',
    address: {
      street: '1 rue des Fleurs',
      postcode: '62440',
      city: 'Harnes',
      inseeCode: '62413',
      departement: '62',
    },
    location: { lat: 50.4458, lon: 2.9069 },
    serviceArea: null,
    offers: [],
    sources: [
      { dataset: 'Jeu de test', recordId: '1', licence: 'Licence Ouverte', url: null },
    ],
    ...overrides,
  };
}

/** A valid two-supplier catalogue. */
export function makeCatalogue(version = '2026.01.01-0000000a'): Catalogue {
  return {
    format: 'passerelle-catalogue',
    formatVersion: 1,
    version,
    generatedAt: '2026-01-01T00:00:00.000Z',
    datasets: [
      { name: 'Jeu de test', licence: 'Licence Ouverte', url: null, records: 3797 },
    ],
    sectors: [
      {
        id: 1,
        name: 'Espaces verts',
        slug: 'espaces-verts',
        group: 'Extérieurs',
        cpv: ['77310000'],
      },
    ],
    suppliers: [
      makeSupplier(),
      makeSupplier({
        id: 'siret-01234567800019',
        siret: '01234567800019',
        name: 'Recyclerie de Bourg',
        kind: 'EI',
        labels: ['reemploi'],
        address: {
          street: '2 avenue Alsace',
          postcode: '01000',
          city: 'Bourg-en-Bresse',
          inseeCode: '01053',
          departement: '01',
        },
        location: { lat: 46.2052, lon: 5.2255 },
      }),
    ],
  };
}

/**
 * Row 2 of a plan: lawn mowing (CPV 77310000) delivered in Harnes, at the
 * position of makeSupplier's Jardins de Harnes.
 */
export function makeTonteNeed(): Need {
  return makeNeed({
    id: 'need-2',
    row: 2,
    title: 'Tonte',
    cpv: '77310000',
    placeText: 'Harnes',
    place: {
      label: 'Harnes',
      inseeCode: '62413',
      postcode: '62440',
      departement: '62',
      lat: 50.4458,
      lon: 2.9069,
    },
  });
}
