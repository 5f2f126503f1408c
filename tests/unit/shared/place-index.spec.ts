import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { CommuneRecord, CommunesFile, PlaceResolution } from '../../../shared/model';
import { buildPlaceIndex, resolvePlace } from '../../../shared/places/place-index';

const NOT_FOUND = (text: string): PlaceResolution => ({
  status: 'not-found',
  message:
    `Lieu « ${text} » introuvable : indiquez une commune, un code postal, un code INSEE ` +
    'ou « latitude, longitude ».',
});

function commune(
  record: Partial<CommuneRecord> & Pick<CommuneRecord, 'insee' | 'name'>,
): CommuneRecord {
  return {
    fullName: record.name,
    postcodes: [],
    departement: record.insee.slice(0, 2),
    region: '00',
    lat: 50.5,
    lon: 3,
    type: 'COM',
    parent: null,
    population: null,
    ...record,
  };
}

/** Small hand-made file for the COMD, ARM and postcode/INSEE rules. */
const FIXTURE: CommunesFile = {
  source: 'test',
  licence: 'test',
  communes: [
    commune({ insee: '74010', name: 'Annecy', postcodes: ['74000'] }),
    // A commune déléguée named like its parent, sharing its code (as in COG 2024).
    commune({
      insee: '74010',
      name: 'Annecy',
      postcodes: ['74000'],
      type: 'COMD',
      departement: '',
      parent: '74010',
    }),
    commune({
      insee: '74182',
      name: 'Seynod',
      postcodes: ['74600'],
      type: 'COMD',
      departement: '',
      parent: '74010',
    }),
    commune({
      insee: '75116',
      name: 'Paris 16e Arrondissement',
      postcodes: ['75016'],
      type: 'ARM',
      parent: '75056',
    }),
    commune({
      insee: '75117',
      name: 'Paris 17e Arrondissement',
      postcodes: ['75017'],
      type: 'ARM',
      parent: '75056',
    }),
    commune({ insee: '62413', name: 'Harnes', postcodes: ['62440'], population: 12317 }),
    commune({ insee: '62440', name: 'Hermies', postcodes: ['62147'] }),
    commune({ insee: '62001', name: 'Ablain-Saint-Nazaire', postcodes: ['62153'] }),
    commune({ insee: '62002', name: 'Ablainzevelle', postcodes: ['62116'] }),
    commune({ insee: '62003', name: 'Acheville', postcodes: ['62320'] }),
    commune({ insee: '62004', name: 'Achicourt', postcodes: ['62217'] }),
    commune({ insee: '62005', name: 'Rouvroy', postcodes: ['62320'] }),
    commune({
      insee: '92035',
      name: 'Garenne-Colombes',
      fullName: 'La Garenne-Colombes',
      postcodes: ['92250'],
    }),
  ],
};
const fixture = buildPlaceIndex(FIXTURE);
const insee = (r: PlaceResolution): string[] =>
  r.status === 'found'
    ? [r.place.inseeCode ?? '']
    : r.status === 'ambiguous'
      ? r.candidates.map((c) => c.inseeCode ?? '')
      : [];

describe('resolvePlace on a hand-made file', () => {
  it('prefers the commune over its déléguée of the same name, keeps other déléguées', () => {
    const annecy = resolvePlace(fixture, 'Annecy');
    expect(annecy.status === 'found' && annecy.place.label).toBe('Annecy (74000)');
    const seynod = resolvePlace(fixture, 'Seynod');
    expect(seynod.status === 'found' && seynod.place).toMatchObject({
      inseeCode: '74182',
      departement: '74',
    });
    expect(resolvePlace(fixture, '74600').status).toBe('not-found'); // a déléguée's postcode belongs to its parent
  });

  it('finds an arrondissement by postcode; its city name alone is ambiguous', () => {
    const r = resolvePlace(fixture, '75016');
    expect(r.status === 'found' && r.place.label).toBe(
      'Paris 16e Arrondissement (75016)',
    );
    expect(insee(resolvePlace(fixture, 'Paris 16'))).toEqual(['75116']);
    expect(insee(resolvePlace(fixture, 'Paris')).sort()).toEqual(['75116', '75117']);
  });

  it('reads a 5-digit code as a postcode first, as INSEE code on request or when no postcode', () => {
    expect(insee(resolvePlace(fixture, '62440'))).toEqual(['62413']); // Harnes' postcode, Hermies' code
    expect(insee(resolvePlace(fixture, 'INSEE 62440'))).toEqual(['62440']);
    expect(insee(resolvePlace(fixture, '62004'))).toEqual(['62004']); // not a postcode
  });

  it('returns every commune of a shared postcode, labelled by name', () => {
    const r = resolvePlace(fixture, '62320');
    expect(r.status).toBe('ambiguous');
    expect(r.status === 'ambiguous' && r.candidates.map((c) => c.label)).toEqual([
      'Acheville (62320)',
      'Rouvroy (62320)',
    ]);
  });

  it('reads the name with or without its article', () => {
    expect(insee(resolvePlace(fixture, 'Garenne Colombes'))).toEqual(['92035']);
    expect(insee(resolvePlace(fixture, 'La Garenne-Colombes'))).toEqual(['92035']);
  });

  it('reads coordinates and checks their ranges', () => {
    const point = (lat: number, lon: number, label: string): PlaceResolution => ({
      status: 'found',
      place: { label, inseeCode: null, postcode: null, departement: null, lat, lon },
    });
    expect(resolvePlace(fixture, '50.63, 3.06')).toEqual(
      point(50.63, 3.06, '50,63000, 3,06000'),
    );
    expect(resolvePlace(fixture, '50,63 ; 3,06')).toEqual(
      point(50.63, 3.06, '50,63000, 3,06000'),
    );
    expect(resolvePlace(fixture, '50,63, 3,06')).toEqual(
      point(50.63, 3.06, '50,63000, 3,06000'),
    );
    expect(resolvePlace(fixture, '50.4 3.1')).toEqual(
      point(50.4, 3.1, '50,40000, 3,10000'),
    );
    const far = resolvePlace(fixture, '95.1, 3');
    expect(far.status === 'not-found' && far.message).toContain('hors limites');
  });

  it('says what to type when nothing matches', () => {
    expect(resolvePlace(fixture, 'Xyz')).toEqual(NOT_FOUND('Xyz'));
    expect(resolvePlace(fixture, '99999')).toEqual(NOT_FOUND('99999'));
  });
});

const COMMUNES = 'resources/communes.json';
describe.skipIf(!existsSync(COMMUNES))('resolvePlace on resources/communes.json', () => {
  const index = existsSync(COMMUNES)
    ? buildPlaceIndex(JSON.parse(readFileSync(COMMUNES, 'utf8')) as CommunesFile)
    : buildPlaceIndex({ source: '', licence: '', communes: [] });

  it('never picks a homonym: "st omer" is Saint-Omer (62) or Saint-Omer (14)', () => {
    for (const text of ['st omer', 'SAINT-OMER', 'Saint Omer']) {
      const r = resolvePlace(index, text);
      expect(r.status === 'ambiguous' && r.candidates.map((c) => c.label)).toEqual([
        'Saint-Omer (62)', // 14,661 inhabitants, listed first
        'Saint-Omer (14)',
      ]);
    }
    expect(insee(resolvePlace(index, 'St-Omer (62)'))).toEqual(['62765']);
    expect(insee(resolvePlace(index, '62500 Saint-Omer'))).toEqual(['62765']);
  });

  it('finds Harnes by its postcode', () => {
    const r = resolvePlace(index, '62440');
    expect(r).toEqual({
      status: 'found',
      place: {
        label: 'Harnes (62440)',
        inseeCode: '62413',
        postcode: '62440',
        departement: '62',
        lat: 50.45223,
        lon: 2.90355,
      },
    });
  });

  it('lists every Saint-Denis', () => {
    const r = resolvePlace(index, 'Saint-Denis');
    expect(r.status).toBe('ambiguous');
    const labels =
      r.status === 'ambiguous'
        ? r.candidates.map((c) => `${c.label} ${c.inseeCode}`)
        : [];
    expect(labels).toEqual(
      expect.arrayContaining(['Saint-Denis (93) 93066', 'Saint-Denis (974) 97411']),
    );
  });

  it.each(['59000 Lille', 'Lille 59000', 'Lille (59)', 'Lille, 59', 'lille'])(
    '%s → Lille 59350',
    (text) => {
      const r = resolvePlace(index, text);
      expect(r.status === 'found' && [r.place.inseeCode, r.place.label]).toEqual([
        '59350',
        'Lille (59000)',
      ]);
    },
  );

  it('finds Ajaccio by its INSEE code 2A004, and coordinates as typed', () => {
    const r = resolvePlace(index, '2A004');
    expect(r.status === 'found' && r.place).toMatchObject({
      inseeCode: '2A004',
      departement: '2A',
      label: 'Ajaccio (20000)',
    });
    const p = resolvePlace(index, '50.43, 2.83');
    expect(p.status === 'found' && p.place).toMatchObject({
      lat: 50.43,
      lon: 2.83,
      label: '50,43000, 2,83000',
    });
  });

  it('reads overseas coordinates, refuses a point out of France and a lone decimal', () => {
    // Saint-Denis de La Réunion lies at about -20.88, 55.45.
    const reunion = resolvePlace(index, '-20,9 ; 55,45');
    expect(reunion.status === 'found' && reunion.place).toMatchObject({
      lat: -20.9,
      lon: 55.45,
    });
    // Latitude and longitude swapped: 2.9° N, 50.45° E is in the Indian Ocean off
    // Somalia, thousands of km from any commune.
    const swapped = resolvePlace(index, '2,90 ; 50,45');
    expect(swapped.status).toBe('not-found');
    expect(swapped.status === 'not-found' && swapped.message).toMatch(
      /^Coordonnées « 2,90 ; 50,45 » hors de France : la commune la plus proche, .+, est à [\d\s\u202f]+ km\. Vérifiez l’ordre/,
    );
    // "50,45" is fifty and forty-five hundredths, not latitude 50, longitude 45.
    const lone = resolvePlace(index, '50,45');
    expect(lone).toEqual({
      status: 'not-found',
      message:
        '« 50,45 » est un seul nombre, pas un lieu : pour des coordonnées, écrivez la ' +
        'latitude puis la longitude séparées par « ; », par exemple « 50,45 ; 2,90 ».',
    });
    expect(resolvePlace(index, '50.63,3.06').status).toBe('found');
  });
});
