/** French full-text: folding, stop words, elisions, plurals and stems, on real catalogue texts. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sectorFitOf } from '../../../shared/matching/sector-fit';
import type { Catalogue, Supplier } from '../../../shared/model';
import { frenchStems, wordsWithStems } from '../../../shared/text/french-words';
import { buildWordIndex, postingsOf } from '../../../shared/text/word-index';
import { makeNeed } from '../../helpers/make-need';

const catalogue = JSON.parse(
  readFileSync(resolve('resources/catalogue.json'), 'utf8'),
) as Catalogue;
const sectorsById = new Map(catalogue.sectors.map((s) => [s.id, s]));
const supplier = (id: string): Supplier => {
  const found = catalogue.suppliers.find((s) => s.id === id);
  if (!found) throw new Error(`${id} absent du catalogue`);
  return found;
};
/** ASSOC TREMPLIN TRAVAIL SOLIDARITE, no sector: « nettoyage de locaux, entretien d'espaces verts ». */
const TTS = 'siret-35402087700024';
/** ASSOC EMI INTER: « d’entretien extérieur ou d’espace verts… ». */
const EMI = 'siret-41263246500032';
/** REGIE DE QUARTIER IMPULSION, no sector: « l'entretien des locaux ». */
const IMPULSION = 'siret-44888767900034';

describe('frenchStems', () => {
  it('meets singular and plural, drops the elided article', () => {
    // espaces → espace → Snowball « espac »; verts → vert.
    expect(frenchStems('espaces verts')).toEqual(['espac', 'vert']);
    expect(frenchStems("entretien d'espace vert")).toEqual([
      'entretien',
      'espac',
      'vert',
    ]);
    expect(frenchStems('entretien d’Espace Vert')).toEqual([
      'entretien',
      'espac',
      'vert',
    ]);
  });

  it('gives « nettoyage des locaux » and « Nettoyage de locaux » the same stems', () => {
    expect(frenchStems('nettoyage des locaux')).toEqual(['nettoyag', 'local']);
    expect(frenchStems('Nettoyage de locaux')).toEqual(['nettoyag', 'local']);
    expect(frenchStems('local')).toEqual(['local']);
  });

  it('folds accents and case, and meets stems Snowball alone keeps apart', () => {
    // Snowball gives « electromenager » for the plural and « electromenag » for the singular.
    expect(frenchStems('Électroménagers')).toEqual(frenchStems('électroménager'));
    expect(frenchStems('Réparations')).toEqual(frenchStems('réparation'));
    expect(frenchStems("qu'il l'a")).toEqual(['il']);
  });

  it('keeps postcodes and codes whole', () => {
    expect(frenchStems('62440 Harnes')).toEqual(['62440', 'harn']);
  });

  it('finds the stems of a real description as written', () => {
    const emi = supplier(EMI).description ?? '';
    expect(emi).toContain('d’espace verts');
    expect(wordsWithStems(emi, new Set(frenchStems('espaces verts')))).toEqual([
      'espace',
      'verts',
    ]);
  });
});

describe('keyword fit on real suppliers', () => {
  const fit = (id: string, keyword: string) =>
    sectorFitOf(makeNeed({ id: 'n', keywords: [keyword] }), supplier(id), sectorsById);

  it('finds « espace vert » in « entretien d’espaces verts » and names the words', () => {
    expect(fit(TTS, 'espace vert')).toEqual({
      level: 'keyword',
      detail:
        'Mot-clé « espace vert » trouvé dans sa description sous la forme ' +
        '« espaces », « verts »',
    });
  });

  it('finds « nettoyage des locaux » in « nettoyage de locaux », words as typed', () => {
    expect(fit(TTS, 'nettoyage des locaux')).toEqual({
      level: 'keyword',
      detail: 'Mot-clé « nettoyage des locaux » trouvé dans sa description',
    });
  });

  it('finds « entretien du local » in « l’entretien des locaux »', () => {
    expect(fit(IMPULSION, 'entretien du local')?.detail).toBe(
      'Mot-clé « entretien du local » trouvé dans sa description sous la forme ' +
        '« entretien », « locaux »',
    );
  });

  it('names the sectors when they hold the keyword, before the description', () => {
    expect(fit(EMI, 'espaces verts')?.detail).toMatch(
      /^Mot-clé « espaces verts » trouvé dans ses secteurs \(.*Création et entretien des espaces verts/,
    );
  });

  it('finds a keyword in one offer’s label and names the offer', () => {
    const withOffer: Supplier = {
      ...supplier(IMPULSION),
      offers: [
        {
          id: 'o1',
          label: 'Repas bio en liaison froide',
          unit: 'repas',
          minimumOrder: null,
          capacity: null,
          capacityPeriod: null,
          leadTimeDays: null,
        },
      ],
    };
    const need = makeNeed({ id: 'n', keywords: ['liaisons froides'] });
    expect(sectorFitOf(need, withOffer, sectorsById)?.detail).toBe(
      'Mot-clé « liaisons froides » trouvé dans son offre « Repas bio en liaison froide » ' +
        'sous la forme « liaison », « froide »',
    );
  });

  it('wants every word of the keyword in one field', () => {
    // TTS speaks of « espaces verts » but never of a « jardin ».
    expect(fit(TTS, 'jardin vert')).toBeNull();
  });
});

describe('word index', () => {
  const index = buildWordIndex([
    'Entretien d’espaces verts',
    'ASSOC SAPIH INSERTION',
    'Locaux',
  ]);

  it('finds a document by stem or by the beginning of a word', () => {
    expect(postingsOf(index, 'espace').flat()).toContain(0);
    expect(postingsOf(index, 'sapi').flat()).toEqual([1]);
    expect(postingsOf(index, 'local').flat()).toEqual([2]);
    expect(postingsOf(index, 'zzz')).toEqual([]);
  });
});
