/**
 * How much, how often, when (issue 5, point 2 of the matching): capacities
 * annualised and converted, minimum orders per delivery with grouping, lead
 * time and season; unknown values « à confirmer », never numbers.
 */
import { describe, expect, it } from 'vitest';
import { capacityPart } from '../../../shared/matching/capacity-part';
import { familyOf, groupNeeds } from '../../../shared/matching/group-needs';
import { DEFAULT_MATCH_OPTIONS, matchPlan } from '../../../shared/matching/match-plan';
import { daysUntil, timingOf } from '../../../shared/matching/timing';
import type {
  Frequency,
  Need,
  Offer,
  Place,
  Plan,
  Supplier,
} from '../../../shared/model';
import { makeNeed } from '../../helpers/make-need';
import { HARNES, makeBareSupplier, makeOffer } from '../../helpers/make-supplier';

/** The narrow no-break space Intl puts between thousands in French. */
const NS = '\u202f';

const SITE = HARNES;
const OTHER_SITE: Place = { ...SITE, label: 'Lens', inseeCode: '62498', lat: 50.1 };

const offer = makeOffer;

function grower(offers: Offer[], cpv = ['03221000', '15000000']): Supplier {
  return makeBareSupplier({ id: 'g', name: 'Maraîcher', kind: 'ACI', cpv, offers });
}

/** A need in kg (canonical KGM) per week, as the plan reader fills it. */
function kgNeed(
  id: string,
  title: string,
  kgPerWeek: number,
  fields: Partial<Need> = {},
): Need {
  return makeNeed({
    id,
    title,
    cpv: '03221000',
    quantity: kgPerWeek,
    unit: 'kg',
    frequency: 'weekly',
    quantityKind: 'mass',
    unitCode: 'KGM',
    normalizedQuantity: kgPerWeek,
    timesPerYear: 52,
    annualQuantity: kgPerWeek * 52,
    placeText: 'Harnes',
    place: SITE,
    ...fields,
  });
}

/** 2 t a week: 2 000 kg per delivery, 104 000 kg a year. */
const TWO_TONNES = kgNeed('t', 'Légumes', 2000, { quantity: 2, unit: 't' });

describe('capacity against the yearly quantity, in the need’s unit', () => {
  it('compares an offer in kg with a need in t', () => {
    // 1 500 kg a week × 52 = 78 000 kg < 104 000 kg → 0 of 5; 2 000 kg ≥ 500 kg → 5 of 5.
    const part = capacityPart(
      TWO_TONNES,
      grower([offer({ capacity: 1500, capacityPeriod: 'weekly', minimumOrder: 500 })]),
      10,
    );
    expect(part.part).toEqual({
      criterion: 'capacity',
      points: 5,
      max: 10,
      explanation:
        `Capacité 78${NS}000 kg par an < besoin 104${NS}000 kg par an ; ` +
        `commande de 2${NS}000 kg ≥ minimum 500 kg (offre « Légumes »)`,
    });
    expect(part).toMatchObject({ offerId: 'o1', annualCapacity: 78000, toConfirm: [] });
  });

  it('converts an offer in t to the need’s kg', () => {
    // 0,5 t a month = 500 kg × 12 = 6 000 kg a year.
    const part = capacityPart(
      kgNeed('k', 'Légumes', 100),
      grower([offer({ unit: 'tonnes', capacity: 0.5, capacityPeriod: 'monthly' })]),
      10,
    );
    expect(part.annualCapacity).toBe(6000);
    expect(part.part).toMatchObject({ points: 5, max: 5 });
    expect(part.toConfirm).toEqual(['minimum de commande']);
  });

  it.each([
    ['weekly', 52 * 100],
    ['monthly', 12 * 100],
    ['yearly', 100],
    ['once', 100],
  ] as [Frequency, number][])(
    'annualises a capacity per %s period: %d kg',
    (period, kg) => {
      const part = capacityPart(
        kgNeed('k', 'Légumes', 1),
        grower([offer({ capacity: 100, capacityPeriod: period })]),
        10,
      );
      expect(part.annualCapacity).toBe(kg);
    },
  );

  it('never turns meals against kilograms into a number', () => {
    const part = capacityPart(
      TWO_TONNES,
      grower([
        offer({
          unit: 'repas',
          capacity: 1000,
          capacityPeriod: 'weekly',
          minimumOrder: 50,
        }),
      ]),
      10,
    );
    expect(part).toEqual({
      part: {
        criterion: 'capacity',
        points: 0,
        max: 0,
        explanation:
          'Capacité et minimum de commande à confirmer auprès du fournisseur ' +
          '(unité de l’offre non comparable à celle du besoin)',
      },
      toConfirm: ['capacité', 'minimum de commande'],
      offerId: null,
      annualCapacity: null,
    });
  });

  it('keeps the best of several offers', () => {
    const part = capacityPart(
      TWO_TONNES,
      grower([
        offer({ id: 'small', capacity: 100, capacityPeriod: 'weekly' }),
        offer({ id: 'big', capacity: 3, capacityPeriod: 'weekly', unit: 't' }),
      ]),
      10,
    );
    // 3 t × 52 = 156 000 kg ≥ 104 000 kg.
    expect(part).toMatchObject({ offerId: 'big', annualCapacity: 156000 });
    expect(part.part).toMatchObject({ points: 5, max: 5 });
  });
});

describe('minimum order reached by grouping needs of one family at one site', () => {
  const carrots = kgNeed('a', 'Carottes', 200, { cpv: '03221110' });
  const leeks = kgNeed('b', 'Poireaux', 350, { cpv: '03221200' });
  const flour = kgNeed('c', 'Farine', 400, { cpv: '15600000' });
  const elsewhere = kgNeed('d', 'Carottes Lens', 600, {
    cpv: '03221110',
    place: OTHER_SITE,
  });
  const plan: Plan = {
    name: 'p',
    sourceFile: null,
    importedAt: '',
    needs: [carrots, leeks, flour, elsewhere],
  };
  const supplier = grower([offer({ minimumOrder: 500 })]);

  it('groups by CPV group (3 digits), else sector, at the same site', () => {
    expect(familyOf(carrots)).toBe('cpv:032');
    expect(familyOf(makeNeed({ id: 'x', sectorIds: [23, 4] }))).toBe('secteur:4,23');
    const groups = groupNeeds(plan.needs);
    expect(groups.get('a')?.map((n) => n.id)).toEqual(['b']);
    expect(groups.get('c')).toEqual([]);
    expect(groups.get('d')).toEqual([]);
  });

  it('says so in the sentence, or that it is not reached even grouped', () => {
    const result = matchPlan(
      plan,
      { version: 't', sectors: [], suppliers: [supplier] },
      DEFAULT_MATCH_OPTIONS,
      new Date('2027-01-01T00:00:00Z'),
    );
    const capacity = (id: string) =>
      result.needs
        .find((m) => m.needId === id)
        ?.candidates[0]?.parts.find((p) => p.criterion === 'capacity');
    // 200 kg < 500 kg alone; 200 + 350 = 550 kg ≥ 500 kg with the leeks.
    expect(capacity('a')).toEqual({
      criterion: 'capacity',
      points: 5,
      max: 5,
      explanation:
        'Minimum de 500 kg atteint en regroupant avec « Poireaux » (350 kg) : ' +
        '550 kg par livraison (offre « Légumes ») ; capacité à confirmer',
    });
    // Flour is alone in its family: 400 kg < 500 kg.
    expect(capacity('c')?.explanation).toBe(
      'Commande de 400 kg < minimum 500 kg (offre « Légumes ») ; capacité à confirmer',
    );
    expect(capacity('c')?.points).toBe(0);
    // Carrots delivered in Lens are not grouped with Harnes: 600 kg ≥ 500 kg alone.
    expect(capacity('d')?.explanation).toBe(
      'Commande de 600 kg ≥ minimum 500 kg (offre « Légumes ») ; capacité à confirmer',
    );
  });
});

describe('lead time and season', () => {
  const now = new Date('2027-03-01T22:30:00Z');

  it('counts whole days from the run’s day to the need’s date', () => {
    expect(daysUntil('2027-03-15', now)).toBe(14);
    expect(daysUntil('2027-03-01', now)).toBe(0);
    expect(daysUntil('2027-02-27', now)).toBe(-2);
  });

  it('keeps a supplier when one offer delivers in time, excludes when none can', () => {
    const need = kgNeed('n', 'Légumes', 10, { date: '2027-03-15' });
    const timing = timingOf(
      need,
      [offer({ id: 'slow', leadTimeDays: 20 }), offer({ id: 'fast', leadTimeDays: 14 })],
      now,
    );
    expect(timing.leadTime).toEqual({
      status: 'ok',
      explanation: 'Délai de livraison de 14 jours, tenu : 14 jours avant le 15/03/2027',
    });
    expect(timing.offers.map((o) => o.id)).toEqual(['fast']);
    const late = timingOf(need, [offer({ leadTimeDays: 15 })], now);
    expect(late.leadTime.status).toBe('fail');
    const past = timingOf(
      kgNeed('p', 'x', 1, { date: '2027-02-27' }),
      [offer({ leadTimeDays: 0 })],
      now,
    );
    expect(past.leadTime.explanation).toBe(
      'Délai de livraison de 0 jour : la date du 27/02/2027 est passée de 2 jours',
    );
  });

  it('leaves an unknown lead time or season to confirm, never excluding', () => {
    const need = kgNeed('n', 'Légumes', 10, { date: '2027-07-10' });
    const timing = timingOf(
      need,
      [offer({ leadTimeDays: null, availableMonths: null })],
      now,
    );
    expect(timing.leadTime).toEqual({
      status: 'unknown',
      explanation: 'Délai de livraison à confirmer (131 jours avant le 10/07/2027)',
    });
    expect(timing.season).toEqual({
      status: 'unknown',
      explanation: 'Disponibilité en juillet à confirmer (saison inconnue du catalogue)',
    });
  });

  it('excludes out of season only when every offer’s months are known', () => {
    const need = kgNeed('n', 'Légumes', 10, { date: '2027-12-05' });
    const winter = timingOf(need, [offer({ availableMonths: [11, 12, 1] })], now);
    expect(winter.season).toEqual({
      status: 'ok',
      explanation: 'Offre disponible en décembre',
    });
    const summer = timingOf(need, [offer({ availableMonths: [7, 6] })], now);
    expect(summer.season).toEqual({
      status: 'fail',
      explanation: 'Offre disponible en juin, juillet : hors saison en décembre',
    });
    const mixed = timingOf(
      need,
      [offer({ availableMonths: [7] }), offer({ id: 'x' })],
      now,
    );
    expect(mixed.season.status).toBe('unknown');
    expect(mixed.offers.map((o) => o.id)).toEqual(['x']);
  });
});

describe('a need dated before the run', () => {
  it('says the date is past when the lead time is unknown, without excluding', () => {
    const need = kgNeed('p', 'Légumes', 1, { date: '2027-02-27' });
    const timing = timingOf(need, [offer({})], new Date('2027-03-01T00:00:00Z'));
    expect(timing.leadTime).toEqual({
      status: 'unknown',
      explanation:
        'Délai de livraison à confirmer (date du 27/02/2027 passée de 2 jours)',
    });
  });
});
