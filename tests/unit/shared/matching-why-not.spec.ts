/**
 * "Why not" (issue 5, point 4) on a catalogue of nine suppliers, each ruled
 * out by one criterion or kept, worked out by hand; and a property test that
 * whyNot and matchPlan agree for every supplier and every need.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_MATCH_OPTIONS, matchPlan } from '../../../shared/matching/match-plan';
import { whyNot } from '../../../shared/matching/why-not';
import type {
  LabelCode,
  MatchOptions,
  Need,
  Offer,
  Plan,
  ServiceArea,
  Supplier,
} from '../../../shared/model';
import { makeNeed } from '../../helpers/make-need';
import { HARNES, makeBareSupplier, makeOffer } from '../../helpers/make-supplier';

// One degree of latitude on Turf's sphere: 6371.0088 × π / 180 = 111.19508 km.
// 0.1° → 11.1 km, 0.15° → 16.7 km, 0.2° → 22.2 km, 0.6° → 66.7 km.

function offer(id: string, fields: Partial<Offer> = {}): Offer {
  return makeOffer({ id, label: 'Légumes de saison', ...fields });
}

function grower(
  id: string,
  name: string,
  lat: number,
  fields: {
    labels?: LabelCode[];
    cpv?: string[];
    area?: ServiceArea | null;
    offers?: Offer[];
  } = {},
): Supplier {
  return makeBareSupplier({
    id,
    name,
    kind: 'ACI',
    labels: fields.labels ?? ['bio'],
    cpv: fields.cpv ?? ['03221000'],
    location: { lat, lon: 3 },
    serviceArea: fields.area ?? null,
    offers: fields.offers ?? [],
  });
}

const SUPPLIERS: Supplier[] = [
  // 11.1 km, radius 30 km; 2 500 kg a week = 130 000 kg a year; minimum 500 kg; 7 days.
  grower('a', 'Alpha Maraîchage', 50.1, {
    area: { kind: 'radius', km: 30 },
    offers: [
      offer('a1', {
        capacity: 2500,
        capacityPeriod: 'weekly',
        minimumOrder: 500,
        leadTimeDays: 7,
        availableMonths: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12],
      }),
    ],
  }),
  // 22.2 km, département 62; 100 t a month = 1 200 000 kg a year; minimum and lead time unknown.
  grower('b', 'Bêta Légumes', 49.8, {
    area: { kind: 'departements', codes: ['62'] },
    offers: [offer('b1', { unit: 't', capacity: 100, capacityPeriod: 'monthly' })],
  }),
  grower('c', 'Gamma Bâtiment', 50, { cpv: ['45000000'] }),
  grower('d', 'Delta Sans Label', 50.05, { labels: ['insertion'] }),
  grower('e', 'Epsilon Lointain', 50.6),
  grower('f', 'Phi Nord', 50.2, { area: { kind: 'departements', codes: ['59'] } }),
  // 16.7 km; 21 days of lead time, 14 days left.
  grower('g', 'Gamma Lent', 50.15, { offers: [offer('g1', { leadTimeDays: 21 })] }),
  // 11.1 km; summer only, the need is in March.
  grower('h', 'Hêta Été', 49.9, {
    offers: [offer('h1', { leadTimeDays: 2, availableMonths: [6, 7, 8] })],
  }),
  // 0 km, national; counts meals: no capacity comparable with kilograms.
  grower('i', 'Iota Repas', 50, {
    area: { kind: 'national' },
    offers: [offer('i1', { unit: 'repas', capacity: 1000, capacityPeriod: 'weekly' })],
  }),
];
const CATALOGUE = { version: 't', sectors: [], suppliers: SUPPLIERS };

/** 2 t a week of organic vegetables in Harnes on 15 March 2027. */
const VEGETABLES: Need = makeNeed({
  id: 'n1',
  title: 'Légumes bio',
  cpv: '03221000',
  quantity: 2,
  unit: 't',
  frequency: 'weekly',
  quantityKind: 'mass',
  unitCode: 'KGM',
  normalizedQuantity: 2000,
  timesPerYear: 52,
  annualQuantity: 104000,
  date: '2027-03-15',
  placeText: 'Harnes',
  place: HARNES,
  requiredLabels: ['bio'],
});
const NO_PLACE = makeNeed({ id: 'n2', title: 'Sans lieu', cpv: '03221000' });
const NO_DATE = makeNeed({
  id: 'n3',
  title: 'Légumes sans date',
  cpv: '03220000',
  placeText: 'Harnes',
  place: HARNES,
  maxDistanceKm: 20,
});
const PLAN: Plan = {
  name: 'Fixture',
  sourceFile: null,
  importedAt: '',
  needs: [VEGETABLES, NO_PLACE, NO_DATE],
};
const NOW = new Date('2027-03-01T10:00:00Z');
const TOP2: MatchOptions = { ...DEFAULT_MATCH_OPTIONS, topN: 2 };

const supplierById = (id: string): Supplier =>
  SUPPLIERS.find((s) => s.id === id) as Supplier;

describe('matchPlan on the fixture', () => {
  const match = matchPlan(PLAN, CATALOGUE, TOP2, NOW).needs[0];

  it('keeps Iota, Alpha then Bêta by score, cut to the first two', () => {
    // Iota: sector 40 + labels 20 + distance 30 (0 km) + capacity 0/0 → 90/90 = 100.
    // Alpha: 40 + 20 + 30 × (1 − 11,1/50) = 23,3 + capacity 10/10 → 93,3/100.
    // Bêta: 40 + 20 + 30 × (1 − 22,2/50) = 16,7 + capacity 5/5 → 81,7/95 = 86,0 (cut).
    expect(match?.candidates.map((c) => [c.supplierId, c.score])).toEqual([
      ['i', 100],
      ['a', 93.3],
    ]);
    expect(match?.inRange.total).toBe(3);
  });

  it('names the offer, its yearly capacity and what is to confirm', () => {
    const [iota, alpha] = match?.candidates ?? [];
    expect(alpha).toMatchObject({ offerId: 'a1', annualCapacity: 130000, toConfirm: [] });
    expect(iota).toMatchObject({
      offerId: null,
      annualCapacity: null,
      toConfirm: ['capacité', 'minimum de commande', 'délai', 'saisonnalité'],
    });
    const all = matchPlan(PLAN, CATALOGUE, DEFAULT_MATCH_OPTIONS, NOW).needs[0];
    const beta = all?.candidates.find((c) => c.supplierId === 'b');
    // 100 t × 12 = 1 200 t = 1 200 000 kg.
    expect(beta).toMatchObject({
      rank: 3,
      score: 86,
      offerId: 'b1',
      annualCapacity: 1200000,
      toConfirm: ['minimum de commande', 'délai', 'saisonnalité'],
    });
  });
});

describe('whyNot', () => {
  const ask = (supplierId: string, needId = 'n1', options = TOP2) =>
    whyNot({ plan: PLAN, needId }, supplierById(supplierId), CATALOGUE, options, NOW);

  it.each([
    [
      'c',
      'activity',
      'Son activité ne correspond pas au besoin (ni code CPV, ni secteur, ni mots-clés)',
    ],
    ['d', 'labels', 'N’a pas le label exigé Agriculture biologique (AB)'],
    ['e', 'distance', '66,7 km du lieu de livraison, au-delà du maximum de 50 km'],
    [
      'f',
      'service-area',
      'Le fournisseur intervient dans le département 59 : Harnes (département 62) hors de sa zone',
    ],
    [
      'g',
      'lead-time',
      'Délai de livraison de 21 jours, plus long que les 14 jours avant le 15/03/2027',
    ],
    ['h', 'season', 'Offre disponible en juin, juillet, août : hors saison en mars'],
    [
      'b',
      'rank',
      'Classé n° 3 sur 3 fournisseurs retenus (score 86), au-delà des 2 premiers gardés',
    ],
  ])('%s is excluded by %s', (id, criterion, sentence) => {
    const answer = ask(id);
    expect(answer.excludedBy).toBe(criterion);
    expect(answer.rank).toBeNull();
    const failed = answer.checks.find((c) => !c.passed);
    expect(failed).toEqual({ criterion, passed: false, explanation: sentence });
  });

  it('tells every check in matchNeed’s order, with the rank of a kept supplier', () => {
    const answer = ask('a');
    expect(answer.excludedBy).toBeNull();
    expect(answer.rank).toBe(2);
    expect(answer.checks.map((c) => [c.criterion, c.passed])).toEqual([
      ['activity', true],
      ['place', true],
      ['labels', true],
      ['distance', true],
      ['service-area', true],
      ['lead-time', true],
      ['season', true],
      ['rank', true],
    ]);
    expect(answer.checks.slice(2).map((c) => c.explanation)).toEqual([
      'Porte les labels exigés (Agriculture biologique (AB))',
      '11,1 km du lieu de livraison, dans le maximum de 50 km',
      'Le fournisseur intervient dans un rayon de 30 km : Harnes à 11,1 km à vol d’oiseau dans sa zone',
      'Délai de livraison de 7 jours, tenu : 14 jours avant le 15/03/2027',
      'Offre disponible en mars',
      'Classé n° 2 sur 3 fournisseurs retenus (score 93,3)',
    ]);
    expect(answer.explanation).toBe(
      '« Alpha Maraîchage » est retenu pour le besoin « Légumes bio » : ' +
        'classé n° 2 sur 3 fournisseurs retenus (score 93,3).',
    );
  });

  it('stops at the place for a need without one', () => {
    const answer = ask('a', 'n2');
    expect(answer.excludedBy).toBe('place');
    expect(answer.checks.map((c) => c.criterion)).toEqual(['activity', 'place']);
    expect(answer.explanation).toBe(
      '« Alpha Maraîchage » n’est pas retenu pour le besoin « Sans lieu » : ' +
        'lieu de livraison à préciser : le besoin n’a pas de candidats.',
    );
  });

  it('leaves lead time and season to confirm when the need has no date', () => {
    const answer = ask('g', 'n3', DEFAULT_MATCH_OPTIONS);
    // Gamma Lent is 16,7 km away, within the 20 km of this need: kept.
    expect(answer.excludedBy).toBeNull();
    expect(answer.checks.find((c) => c.criterion === 'lead-time')?.explanation).toBe(
      'Date du besoin non précisée : délai de livraison à confirmer',
    );
  });

  it('agrees with matchPlan for every supplier and every need', () => {
    const variants: MatchOptions[] = [
      TOP2,
      DEFAULT_MATCH_OPTIONS,
      { ...DEFAULT_MATCH_OPTIONS, topN: 1, roadFactor: 1.3 },
      { ...DEFAULT_MATCH_OPTIONS, roadFactor: 3, defaultMaxDistanceKm: 80 },
    ];
    let kept = 0;
    let excluded = 0;
    for (const options of variants) {
      const result = matchPlan(PLAN, CATALOGUE, options, NOW);
      for (const need of PLAN.needs) {
        const listed = result.needs.find((m) => m.needId === need.id)?.candidates ?? [];
        for (const supplier of SUPPLIERS) {
          const answer = whyNot(
            { plan: PLAN, needId: need.id },
            supplier,
            CATALOGUE,
            options,
            NOW,
          );
          const candidate = listed.find((c) => c.supplierId === supplier.id);
          expect(answer.excludedBy === null, `${need.id} × ${supplier.id}`).toBe(
            candidate !== undefined,
          );
          expect(answer.rank).toBe(candidate?.rank ?? null);
          if (candidate) kept += 1;
          else excluded += 1;
        }
      }
    }
    // Both sides are exercised: 4 variants × 3 needs × 9 suppliers = 108 pairs.
    expect(kept + excluded).toBe(108);
    expect(kept).toBeGreaterThan(5);
  });
});
