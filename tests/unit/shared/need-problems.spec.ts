/** The plan editor's fields: text shown, text read back, and what is left to fix. */
import { describe, expect, it } from 'vitest';
import type { Need, Place } from '../../../shared/model';
import {
  cachedNeedProblems,
  needFieldText,
  needProblems,
  readNeedField,
  type FieldRead,
} from '../../../shared/plan/need-problems';
import { makeNeed } from '../../helpers/make-need';

const NNBSP = '\u202f';
const saintDenis93: Place = {
  label: 'Saint-Denis (93)',
  inseeCode: '93066',
  postcode: '93200',
  departement: '93',
  lat: 48.93,
  lon: 2.36,
};
const saintDenis974: Place = {
  ...saintDenis93,
  label: 'Saint-Denis (974)',
  inseeCode: '97411',
};

/** A need with nothing to fix: title, CPV, place found. */
const good = makeNeed({
  id: 'n1',
  title: 'Repas',
  cpv: '15894200',
  placeText: 'Saint-Denis',
  place: saintDenis93,
});

function read(
  need: Need,
  field: Parameters<typeof readNeedField>[1],
  text: string,
): Need {
  const result: FieldRead = readNeedField(need, field, text);
  if (!result.ok) throw new Error(result.message);
  return result.need;
}

function refusal(need: Need, field: Parameters<typeof readNeedField>[1], text: string) {
  const result = readNeedField(need, field, text);
  return result.ok ? null : result.message;
}

describe('what still needs fixing in a need', () => {
  it('finds nothing in a complete need', () => {
    expect(needProblems(good)).toEqual([]);
  });

  it('asks for a title, something that says what is bought, and a place', () => {
    const empty = makeNeed({ id: 'n2', title: '  ' });
    expect(needProblems(empty)).toEqual([
      { field: 'title', message: 'Intitulé manquant : décrivez l’achat.' },
      {
        field: 'cpv',
        message:
          'Ni code CPV, ni secteur, ni mots-clés : indiquez au moins l’un des trois ' +
          'pour trouver des fournisseurs.',
      },
      {
        field: 'place',
        message: 'Lieu de livraison manquant : indiquez la commune ou le code postal.',
      },
    ]);
    // Keywords alone say what is bought, as in an imported file.
    expect(needProblems({ ...good, cpv: null, keywords: ['traiteur'] })).toEqual([]);
    expect(needProblems({ ...good, cpv: null, sector: 'Restauration' })).toEqual([]);
  });

  it('asks to choose between homonymous communes, and to fix a place not found', () => {
    const ambiguous = {
      ...good,
      place: null,
      placeCandidates: [saintDenis93, saintDenis974],
    };
    expect(needProblems(ambiguous)).toEqual([
      {
        field: 'place',
        message:
          'Plusieurs communes s’appellent « Saint-Denis » : choisissez la bonne parmi ' +
          'les 2 proposées.',
      },
    ]);
    expect(needProblems({ ...good, placeText: 'Xyzzyville', place: null })).toEqual([
      {
        field: 'place',
        message:
          'Lieu « Xyzzyville » introuvable : corrigez la commune ou le code postal.',
      },
    ]);
  });

  it('asks for the unit of a quantity, and names an ambiguous or unknown unit', () => {
    expect(needProblems({ ...good, quantity: 1200.5 })).toEqual([
      {
        field: 'unit',
        message: `Quantité 1${NNBSP}200,5 sans unité : précisez-la (kg, L, repas, heures, unités…).`,
      },
    ]);
    expect(needProblems({ ...good, unit: 'kg' })).toEqual([
      { field: 'quantity', message: 'Unité « kg » sans quantité.' },
    ]);
    expect(needProblems({ ...good, quantity: 3, unit: 'ml' })[0]?.message).toBe(
      'Unité « ml » ambiguë : écrivez « mL » ou « m linéaire ».',
    );
    expect(needProblems({ ...good, quantity: 3, unit: 'caisses' })[0]?.message).toBe(
      'Unité « caisses » non reconnue : la quantité n’est ni convertie ni comparée aux ' +
        'capacités des fournisseurs.',
    );
    expect(needProblems({ ...good, quantity: 3, unit: 'kilos' })).toEqual([]);
  });
});

describe('reading what the buyer types', () => {
  it('reads a quantity, a unit and a period into canonical and yearly quantities', () => {
    let need = read(good, 'quantity', '1 500');
    need = read(need, 'unit', 'g');
    need = read(need, 'frequency', 'par mois');
    // 1 500 g = 1,5 kg a month, 12 months: 18 kg a year.
    expect(need).toMatchObject({
      quantity: 1500,
      unit: 'g',
      frequency: 'monthly',
      timesPerYear: 12,
      quantityKind: 'mass',
      unitCode: 'KGM',
      normalizedQuantity: 1.5,
      annualQuantity: 18,
    });
    // Quarterly has no Frequency of its own: 4 times a year.
    expect(read(need, 'frequency', 'trimestriel')).toMatchObject({
      frequency: null,
      timesPerYear: 4,
      annualQuantity: 6,
    });
    expect(read(need, 'quantity', '')).toMatchObject({
      quantity: null,
      normalizedQuantity: null,
      annualQuantity: null,
    });
  });

  it('refuses what it cannot read, with the reason in French, and leaves the need', () => {
    expect(refusal(good, 'quantity', '12 kg')).toBe(
      '« 12 kg » n’est pas un nombre : écrivez par exemple 12 ou 12,5. ' +
        'L’unité va dans sa propre colonne.',
    );
    expect(refusal(good, 'quantity', '1.234')).toBe(
      '« 1.234 » est ambigu (mille ou un virgule ?) : écrivez 1234 ou 1,234.',
    );
    expect(refusal(good, 'date', '31/02/2026')).toBe(
      '« 31/02/2026 » n’existe pas dans le calendrier.',
    );
    expect(refusal(good, 'date', 'demain')).toBe(
      '« demain » n’est pas une date : écrivez-la jj/mm/aaaa, par exemple 15/09/2026.',
    );
    expect(refusal(good, 'frequency', 'par jour')).toBe(
      '« par jour » ne dit pas combien de jours par an : indiquez la quantité par ' +
        'semaine, par mois ou par an.',
    );
    expect(refusal(good, 'maxDistance', '0')).toBe(
      '« 0 » : la distance doit dépasser 0 km.',
    );
    expect(refusal(good, 'budget', '-5')).toBe(
      '« -5 » : un budget ne peut pas être négatif.',
    );
    expect(refusal(good, 'requiredLabels', 'AB, zorglub')).toBe(
      'Label inconnu : « zorglub ». Écrivez par exemple AB, commerce équitable, ' +
        'insertion, ESAT, ESUS.',
    );
  });

  it('reads dates, budgets, distances, labels and keywords', () => {
    expect(read(good, 'date', '05/03/26').date).toBe('2026-03-05');
    expect(read(good, 'budget', '35 000,00 €').budget).toBe(35000);
    expect(read(good, 'maxDistance', '30 km').maxDistanceKm).toBe(30);
    expect(read(good, 'requiredLabels', 'AB, insertion').requiredLabels).toEqual([
      'bio',
      'insertion',
    ]);
    expect(read(good, 'keywords', 'traiteur ; bio,, local').keywords).toEqual([
      'traiteur',
      'bio',
      'local',
    ]);
  });

  it('shows each field as text that reads back to the same need', () => {
    const need: Need = {
      ...read(read(read(good, 'quantity', '1234,5'), 'unit', 'kg'), 'frequency', 'hebdo'),
      date: '2026-09-15',
      budget: 35000,
      maxDistanceKm: 12.5,
      requiredLabels: ['insertion', 'handicap'] as Need['requiredLabels'],
      keywords: ['repas', 'bio'],
    };
    expect(needFieldText(need, 'quantity')).toBe(`1${NNBSP}234,5`);
    expect(needFieldText(need, 'frequency')).toBe('hebdomadaire');
    expect(needFieldText(need, 'date')).toBe('15/09/2026');
    expect(needFieldText(need, 'budget')).toBe(`35${NNBSP}000,00\u00a0€`);
    expect(needFieldText(need, 'maxDistance')).toBe('12,5');
    expect(needFieldText(need, 'requiredLabels')).toBe(
      'Insertion (SIAE, GEIQ), Secteur du handicap (ESAT, EA)',
    );
    const fields = [
      'title',
      'keywords',
      'quantity',
      'unit',
      'frequency',
      'date',
      'budget',
      'maxDistance',
      'requiredLabels',
      'preferredLabels',
    ] as const;
    let back = need;
    for (const field of fields) back = read(back, field, needFieldText(need, field));
    expect(back).toEqual(need);
  });
});

describe('cachedNeedProblems', () => {
  it('gives the problems of each need object, worked out once', () => {
    const need = makeNeed({ id: 'need-1', title: '' });
    const first = cachedNeedProblems(need);
    expect(first).toEqual(needProblems(need));
    expect(cachedNeedProblems(need)).toBe(first);
    const fixed = { ...need, title: 'Repas' };
    expect(cachedNeedProblems(fixed).map((p) => p.field)).not.toContain('title');
    expect(cachedNeedProblems(need).map((p) => p.field)).toContain('title');
  });
});
