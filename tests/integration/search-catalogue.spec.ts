/** catalogue:search with French full text, sector, label and radius, on the real catalogue. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  openDatabase,
  type DatabaseHandle,
} from '../../main/services/database/open-database';
import {
  searchCatalogue,
  type SearchContext,
} from '../../main/services/search-catalogue';
import { distanceKm } from '../../shared/matching/distance-km';
import type { Catalogue, CommunesFile, Supplier } from '../../shared/model';
import { buildPlaceIndex, resolvePlace } from '../../shared/places/place-index';

const catalogue = JSON.parse(
  readFileSync(resolve('resources/catalogue.json'), 'utf8'),
) as Catalogue;
const places = buildPlaceIndex(
  JSON.parse(readFileSync(resolve('resources/communes.json'), 'utf8')) as CommunesFile,
);
/** ASSOC TREMPLIN TRAVAIL SOLIDARITE: « nettoyage de locaux, entretien d'espaces verts ». */
const TTS = 'siret-35402087700024';
/** ASSOC EMI INTER: « d’espace verts ». */
const EMI = 'siret-41263246500032';
/** UCAD: « le nettoyage et la remise en état … de tous types de locaux ». */
const UCAD = 'siret-49210411200031';
/** ASSOC CRENO: sector « Nettoyage de locaux ». */
const CRENO = 'siret-39394905200038';

let handle: DatabaseHandle;
let ctx: SearchContext;

beforeAll(async () => {
  handle = await openDatabase(null);
  ctx = {
    db: handle.db,
    places,
    sectors: catalogue.sectors,
    suppliersById: new Map(catalogue.suppliers.map((s) => [s.id, s])),
  };
});
afterAll(() => handle.close());

const ids = (text: string): string[] =>
  searchCatalogue(ctx, { text, limit: 5000 }).hits.map((h) => h.id);

describe('catalogue search, French full text', () => {
  it('finds « espace vert » written « espaces verts » and « d’espace verts »', () => {
    expect(ids('espace vert')).toEqual(expect.arrayContaining([TTS, EMI]));
    expect(ids('Espaces Verts')).toEqual(ids('espace vert'));
  });

  it('finds « nettoyage des locaux » in descriptions and sector names', () => {
    expect(ids('nettoyage des locaux')).toEqual(
      expect.arrayContaining([TTS, UCAD, CRENO]),
    );
  });

  it('finds a word as one begins typing it, and nothing for an unknown word', () => {
    expect(searchCatalogue(ctx, { text: 'sapi' }).hits.map((h) => h.name)).toContain(
      'ASSOC SAPIH INSERTION',
    );
    expect(ids('zzyzx')).toEqual([]);
  });

  it('lists hits in name order (A–Z folded as SQLite NOCASE), then id', () => {
    const names = searchCatalogue(ctx, { text: 'espaces verts', limit: 5000 }).hits.map(
      (h) => h.name.replace(/[A-Z]/g, (c) => c.toLowerCase()),
    );
    expect(names.length).toBeGreaterThan(10);
    expect(names).toEqual([...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
  });

  it('finds an offer by its label', () => {
    const base = catalogue.suppliers.find((s) => s.id === TTS) as Supplier;
    const withOffer: Supplier = {
      ...base,
      offers: [
        {
          id: 'o1',
          label: 'Blanchisserie de linge hôtelier',
          unit: 'kg',
          minimumOrder: null,
          capacity: null,
          capacityPeriod: null,
          leadTimeDays: null,
        },
      ],
    };
    const withOffers = { ...ctx, suppliersById: new Map(ctx.suppliersById) };
    withOffers.suppliersById.set(TTS, withOffer);
    const found = searchCatalogue(withOffers, { text: 'linges hôteliers', limit: 5000 });
    expect(found.hits.map((h) => h.id)).toContain(TTS);
    // The first context's index is its own: the catalogue it was built from has no offer.
    expect(ids('linges hôteliers')).not.toContain(TTS);
  });
});

describe('catalogue search, sector, label and radius', () => {
  it('keeps exactly the suppliers of the sector with the label within 30 km, nearest first', () => {
    const harnes = resolvePlace(places, 'Harnes');
    if (harnes.status !== 'found') throw new Error('Harnes non trouvée');
    const sector = catalogue.sectors.find((s) => s.name === 'Nettoyage de locaux');
    if (!sector) throw new Error('secteur absent');
    const expected = catalogue.suppliers
      .filter(
        (s) =>
          s.sectorIds.includes(sector.id) &&
          s.labels.includes('insertion') &&
          distanceKm(harnes.place, s.location) <= 30,
      )
      .map((s) => s.id)
      .sort();
    const found = searchCatalogue(ctx, {
      sectorId: sector.id,
      label: 'insertion',
      near: 'Harnes',
      radiusKm: 30,
      limit: 5000,
    });
    expect(found.total).toBeGreaterThan(0);
    expect(found.hits.map((h) => h.id).sort()).toEqual(expected);
    const km = found.hits.map((h) => h.distanceKm ?? Infinity);
    expect(km).toEqual([...km].sort((a, b) => a - b));
    // The same with a keyword of the sector's name, folded: nothing lost.
    const withText = searchCatalogue(ctx, {
      text: 'NETTOYAGE',
      sectorId: sector.id,
      label: 'insertion',
      near: 'Harnes',
      radiusKm: 30,
      limit: 5000,
    });
    expect(withText.total).toBe(expected.length);
  });
});
