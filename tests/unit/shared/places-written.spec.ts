import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { CommunesFile, PlaceResolution } from '../../../shared/model';
import { buildPlaceIndex, resolvePlace } from '../../../shared/places/place-index';

const COMMUNES = 'resources/communes.json';
const index = buildPlaceIndex(
  existsSync(COMMUNES)
    ? (JSON.parse(readFileSync(COMMUNES, 'utf8')) as CommunesFile)
    : { source: '', licence: '', communes: [] },
);
const found = (text: string): [string | null, string] | null => {
  const r: PlaceResolution = resolvePlace(index, text);
  return r.status === 'found' ? [r.place.inseeCode, r.place.label] : null;
};
const candidates = (text: string): string[] => {
  const r = resolvePlace(index, text);
  return r.status === 'ambiguous'
    ? r.candidates.map((c) => c.inseeCode ?? '').sort()
    : [];
};

// Expected values come from ../shared/data/geo/communes/communes_france_2024.csv
// (insee_com,insee_reg,insee_dep,commune,commune_article,code_postal,commune_type,insee_parente)
// and ../shared/data/geo/laposte/laposte_hexasmal_2023.csv, quoted above each case.
describe.skipIf(!existsSync(COMMUNES))('places as buyers write them', () => {
  it('homonyms: Saint-Denis asks, its département or postcode decides', () => {
    // 93066,11,93,Saint-Denis,Saint-Denis,93200,COM,
    // 97411,04,974,Saint-Denis,Saint-Denis,97400,COM,
    expect(candidates('Saint-Denis')).toEqual(expect.arrayContaining(['93066', '97411']));
    expect(found('Saint-Denis 93')).toEqual(['93066', 'Saint-Denis (93200)']);
    expect(found('Saint-Denis 974')).toEqual(['97411', 'Saint-Denis (97400)']);
    expect(found('93200')).toEqual(['93066', 'Saint-Denis (93200)']);
  });

  it('a postcode of several communes lists them all', () => {
    // 62003 Acheville, 62148 Bois-Bernard, 62277 Drocourt, 62724 Rouvroy: all ",62320,COM,"
    expect(candidates('62320')).toEqual(['62003', '62148', '62277', '62724']);
  });

  it('CEDEX codes: the commune named before CEDEX, in the code’s département', () => {
    // 49099,52,49,Cholet,Cholet,49300,COM, — and 49321 is not Cholet's:
    // La Poste: 49321;ST SIGISMOND;49123;;ST SIGISMOND (an old INSEE code, merged since)
    expect(found('49321 CHOLET CEDEX')).toEqual(['49099', 'Cholet (49300)']);
    // 62498,32,62,Lens,Lens,62300,COM,
    expect(found('62301 LENS CEDEX')).toEqual(['62498', 'Lens (62300)']);
    // 45234 Orléans (45000); 06088,93,06,Nice,Nice,06000,COM,
    expect(found('45058 ORLEANS CEDEX 1')).toEqual(['45234', 'Orléans (45000)']);
    expect(found('06364 NICE CEDEX 4')).toEqual(['06088', 'Nice (06000)']);
    expect(found('Cholet Cedex')).toEqual(['49099', 'Cholet (49300)']);
  });

  it('Paris, Lyon and Marseille arrondissements', () => {
    // 75116,11,75,Paris 16e Arrondissement,…,75016,ARM,75056 and the same with 75116
    expect(found('75016')).toEqual(['75116', 'Paris 16e Arrondissement (75016)']);
    expect(found('75116')).toEqual(['75116', 'Paris 16e Arrondissement (75116)']);
    expect(found('Paris 16')?.[0]).toBe('75116');
    expect(found('Paris 16e')?.[0]).toBe('75116');
    // 69383,84,69,Lyon 3e Arrondissement,…,69003,ARM,69123
    expect(found('69003')).toEqual(['69383', 'Lyon 3e Arrondissement (69003)']);
    // 13208,93,13,Marseille 8e Arrondissement,…,13008,ARM,13055
    expect(found('13008')).toEqual(['13208', 'Marseille 8e Arrondissement (13008)']);
  });

  it('Corsica and overseas', () => {
    // 2A004,94,2A,Ajaccio,Ajaccio,20000,COM, (first of its postcodes)
    for (const text of ['Ajaccio', '2A004', '20000'])
      expect(found(text)).toEqual(['2A004', 'Ajaccio (20000)']);
    // 97411,04,974,Saint-Denis,Saint-Denis,97400,COM,
    expect(found('97400')).toEqual(['97411', 'Saint-Denis (97400)']);
    // 97209,02,972,Fort-de-France,Fort-de-France,97200,COM,
    expect(found('Fort-de-France')).toEqual(['97209', 'Fort-de-France (97200)']);
  });

  it('DECP 2019 places that failed before', () => {
    // 67180,44,67,Haguenau,Haguenau,67500,COM, — 67180 is its INSEE code, no one's postcode
    expect(found('67180 HAGUENAU')).toEqual(['67180', 'Haguenau (67500)']);
    // 76322,28,76,Grand-Quevilly,Le Grand-Quevilly,76120,COM,
    expect(found('76322 Grand Quevilly')).toEqual(['76322', 'Le Grand-Quevilly (76120)']);
    expect(found('76 grand quevilly')?.[0]).toBe('76322');
    // 69123 is Lyon's code; the file has only its 9 arrondissements (69381…69389, ARM, 69123)
    expect(candidates('69123 A Lyon')).toEqual([
      '69381',
      '69382',
      '69383',
      '69384',
      '69385',
      '69386',
      '69387',
      '69388',
      '69389',
    ]);
    // An address around the code: the commune that fits the postcode wins
    expect(found('45000 24 rue du Pot de Fer 45000 ORLEANS')?.[0]).toBe('45234');
  });

  it('a postcode that belongs to another commune is not overruled: the buyer picks', () => {
    // 38500 is Voiron's postcode; Bourgoin-Jallieu is 38053 with 38300
    expect(candidates('38500 BOURGOIN JALLIEU')).toEqual(['38053']);
  });
});
