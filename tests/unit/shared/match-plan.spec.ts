import { describe, expect, it } from 'vitest';
import { capacityPart } from '../../../shared/matching/capacity-part';
import {
  DEFAULT_MATCH_OPTIONS,
  METHOD_TEXT,
  distanceKm,
  matchPlan,
  sectorFitOf,
} from '../../../shared/matching/match-plan';
import type { LabelCode, Need, Plan, Sector, Supplier } from '../../../shared/model';
import { makeNeed } from '../../helpers/make-need';
import { makeBareSupplier, noneInRange } from '../../helpers/make-supplier';

/** Independent haversine with Turf's Earth radius (6371.0088 km). */
function haversine(
  a: { lat: number; lon: number },
  b: { lat: number; lon: number },
): number {
  const rad = Math.PI / 180;
  const h =
    Math.sin(((b.lat - a.lat) * rad) / 2) ** 2 +
    Math.cos(a.lat * rad) *
      Math.cos(b.lat * rad) *
      Math.sin(((b.lon - a.lon) * rad) / 2) ** 2;
  return 2 * 6371.0088 * Math.asin(Math.sqrt(h));
}

const P = { lat: 50.45, lon: 2.9 };
// 0.1° of latitude = 6371.0088 × 0.1 × π / 180 = 11.1195 km → shown 11.1 km.
// 0.5° of latitude = 55.598 km → shown 55.6 km.

function supplier(
  id: string,
  name: string,
  cpv: string[],
  labels: LabelCode[],
  lat: number,
  extra: Partial<Supplier> = {},
): Supplier {
  const bare = makeBareSupplier({ id });
  return makeBareSupplier({
    id,
    name,
    cpv,
    labels,
    address: { ...bare.address, inseeCode: '62413' },
    location: { lat, lon: P.lon },
    ...extra,
  });
}

const SUPPLIERS: Supplier[] = [
  supplier('s1', 'Alpha Verts', ['77310000'], ['insertion', 'esus'], 50.55),
  supplier('s2', 'Bois et Haies', ['77312000'], ['insertion', 'esus', 'bio'], 50.45, {
    description: 'Taille de haies et élagage',
  }),
  supplier('s3', 'Espaces Nord', ['77310000'], ['insertion'], 50.35),
  supplier('s4', 'Écovert', ['77300000'], ['insertion'], 50.35),
  supplier('s5', 'Far Jardins', ['77310000'], ['insertion'], 50.95),
  supplier('s6', 'Sans Label', ['77310000'], ['esus'], 50.45),
  supplier('s7', 'Bâtiment Nord', ['45000000'], ['insertion'], 50.45),
];
const SECTORS: Sector[] = [
  {
    id: 23,
    name: 'Création et entretien des espaces verts',
    slug: '',
    group: '',
    cpv: [],
  },
];

function need(id: string, extra: Partial<Need>): Need {
  return makeNeed({
    id,
    place: { label: 'P', inseeCode: null, postcode: null, departement: null, ...P },
    ...extra,
  });
}

const PLAN: Plan = {
  name: 'test',
  sourceFile: null,
  importedAt: '2026-01-01T00:00:00.000Z',
  needs: [
    need('n1', {
      cpv: '77311000',
      requiredLabels: ['insertion'],
      preferredLabels: ['esus', 'bio'],
    }),
    need('n2', { keywords: ['taille de haies'], maxDistanceKm: 20 }),
    need('n3', { cpv: '77310000', place: null }),
    need('n4', {
      cpv: '77310000',
      requiredLabels: ['insertion'],
      maxDistanceKm: 5,
      place: {
        label: 'Q',
        inseeCode: null,
        postcode: null,
        departement: null,
        lat: 51.45,
        lon: 2.9,
      },
    }),
    need('n5', { cpv: '77310000', requiredLabels: ['scop'] }),
    need('n6', { cpv: '03000000' }),
  ],
};
const catalogue = { version: 'test-1', sectors: SECTORS, suppliers: SUPPLIERS };
const result = matchPlan(
  PLAN,
  catalogue,
  DEFAULT_MATCH_OPTIONS,
  new Date('2026-02-01T00:00:00Z'),
);
const byNeed = (id: string) => result.needs.find((n) => n.needId === id);

describe('distanceKm', () => {
  it('agrees with an independent haversine', () => {
    const lille = { lat: 50.63108, lon: 3.04702 };
    const harnes = { lat: 50.45223, lon: 2.90355 };
    expect(Math.abs(distanceKm(lille, harnes) - haversine(lille, harnes))).toBeLessThan(
      0.5,
    );
    expect(distanceKm(P, { lat: 50.55, lon: 2.9 })).toBeCloseTo(11.1195, 3);
  });
});

describe('matchPlan', () => {
  it('ranks by score, then distance, fit precision and French name order', () => {
    const n1 = byNeed('n1');
    // s1…s6 fit the activity (s7 is construction); s5 is too far, s6 lacks "insertion".
    expect(n1?.sectorMatches).toBe(6);
    expect(n1?.note).toBeNull();
    expect(
      n1?.candidates.map((c) => [
        c.rank,
        c.supplierId,
        c.score,
        c.distanceKm,
        c.sectorFit,
      ]),
    ).toEqual([
      // s2: class (7731) 40×0.8 = 32; labels 2/2 → 20; 0 km → 30; capacity 0/0. 82 / 90 = 91.11 → 91.1
      [1, 's2', 91.1, 0, 'class'],
      // s1: code 40; labels 1/2 → 10; 30 × (1 − 11.1/50) = 23.34 → 23.3. 73.3 / 90 = 81.44 → 81.4
      [2, 's1', 81.4, 11.1, 'code'],
      // s3 and s4: code 40; labels 0/2 → 0; 23.3. 63.3 / 90 = 70.33 → 70.3, same distance and fit:
      // French order puts "Écovert" before "Espaces Nord" (code points would not).
      [3, 's4', 70.3, 11.1, 'code'],
      [4, 's3', 70.3, 11.1, 'code'],
    ]);
    const s1 = n1?.candidates[1];
    expect(s1?.parts).toEqual([
      {
        criterion: 'sector',
        points: 40,
        max: 40,
        explanation: 'Code CPV du fournisseur 77310000 couvre le besoin 77311000',
      },
      {
        criterion: 'labels',
        points: 10,
        max: 20,
        explanation: '1 label souhaité sur 2 : ESUS',
      },
      {
        criterion: 'distance',
        points: 23.3,
        max: 30,
        explanation: '11,1 km du lieu de livraison (max. 50 km)',
      },
      {
        criterion: 'capacity',
        points: 0,
        max: 0,
        explanation: 'Capacité et minimum de commande à confirmer auprès du fournisseur',
      },
    ]);
    // No offer, no date, no service area: all of it is to confirm (issue 5, point 2).
    expect(s1?.toConfirm).toEqual([
      'capacité',
      'minimum de commande',
      'délai',
      'saisonnalité',
      'zone d’intervention',
    ]);
    expect(n1?.candidates[0]?.parts[0]?.explanation).toBe(
      'Code CPV du fournisseur 77312000 dans la même classe (7731) que le besoin 77311000',
    );
  });

  it('matches keywords in the description, plural or not', () => {
    const n2 = byNeed('n2');
    // keyword 40 × 0.5 = 20; no preferred label → 20; 0 km → 30. 70 / 90 = 77.78 → 77.8
    expect(n2?.candidates.map((c) => [c.supplierId, c.score, c.sectorFit])).toEqual([
      ['s2', 77.8, 'keyword'],
    ]);
    expect(n2?.candidates[0]?.parts.map((p) => p.explanation).slice(0, 2)).toEqual([
      'Mot-clé « taille de haies » trouvé dans sa description',
      'Aucun label souhaité ; fournisseur labellisé : Insertion (SIAE, GEIQ), ESUS, Agriculture biologique (AB)',
    ]);
  });

  it('explains in French why a need has no candidate', () => {
    expect(byNeed('n3')).toEqual({
      needId: 'n3',
      candidates: [],
      sectorMatches: 6,
      note: 'Lieu de livraison à préciser.',
      inRange: noneInRange(),
    });
    // From 51.45° the closest with "insertion" is s5 at 50.95°: 0.5° = 55.6 km.
    expect(byNeed('n4')?.note).toBe(
      'Aucun fournisseur du secteur à moins de 5 km (le plus proche est à 55,6 km).',
    );
    expect(byNeed('n5')?.note).toBe(
      'Aucun des 6 fournisseurs du secteur n’a les labels exigés (SCOP).',
    );
    expect(byNeed('n6')).toMatchObject({
      sectorMatches: 0,
      note: 'Aucun fournisseur du catalogue ne correspond à l’activité demandée.',
    });
  });

  it('keeps topN and records the options', () => {
    const top2 = matchPlan(
      PLAN,
      catalogue,
      { ...DEFAULT_MATCH_OPTIONS, topN: 2 },
      new Date(0),
    );
    expect(top2.needs[0]?.candidates.map((c) => c.supplierId)).toEqual(['s2', 's1']);
    expect(result).toMatchObject({
      generatedAt: '2026-02-01T00:00:00.000Z',
      catalogueVersion: 'test-1',
    });
  });

  it('sectorFitOf agrees with the indexed matching', () => {
    const sectors = new Map(SECTORS.map((s) => [s.id, s]));
    expect(
      sectorFitOf(PLAN.needs[0] as Need, SUPPLIERS[3] as Supplier, sectors)?.level,
    ).toBe('code');
    expect(
      sectorFitOf(
        need('x', { sectorIds: [23] }),
        { ...(SUPPLIERS[0] as Supplier), sectorIds: [23] },
        sectors,
      ),
    ).toEqual({
      level: 'sector',
      detail:
        'Secteur « Création et entretien des espaces verts » commun au besoin et au fournisseur',
    });
    expect(
      sectorFitOf(PLAN.needs[0] as Need, SUPPLIERS[6] as Supplier, sectors),
    ).toBeNull();
  });

  it('names the CPV level with its article and flags a division-only fit as weak', () => {
    const sectors = new Map(SECTORS.map((s) => [s.id, s]));
    // 64110000 (postal services) and 64200000 (telecoms) share only division 64.
    const telecoms = need('t', { cpv: '64200000' });
    const courier = supplier('c', 'Coursiers', ['64110000'], [], P.lat);
    expect(sectorFitOf(telecoms, courier, sectors)).toEqual({
      level: 'division',
      detail:
        'Code CPV du fournisseur 64110000 dans la même division (64) que le besoin ' +
        '64200000 : correspondance large, à vérifier',
    });
    // 64110000 and 64120000 share group 641 (masculine in French).
    expect(sectorFitOf(need('u', { cpv: '64120000' }), courier, sectors)?.detail).toBe(
      'Code CPV du fournisseur 64110000 dans le même groupe (641) que le besoin 64120000',
    );
  });

  it('describes the method in French', () => {
    expect(METHOD_TEXT.join(' ')).toContain('Secteur (40 points)');
    expect(METHOD_TEXT.join(' ')).toContain('distance la plus courte');
  });
});

describe('capacityPart', () => {
  const offer = {
    id: 'o',
    label: 'Légumes',
    unit: 'kg',
    minimumOrder: 50,
    capacity: 100,
    capacityPeriod: 'monthly' as const,
    leadTimeDays: null,
  };
  const withOffer = supplier('c', 'Maraîcher', [], [], 50, { offers: [offer] });

  it('scores capacity and minimum order when both are known', () => {
    // need 60 kg a month = 720 kg a year ≤ 100 × 12 = 1200 → 5 points; 60 ≥ 50 → 5 points.
    const part = capacityPart(
      need('c1', { quantity: 60, unit: 'kg', frequency: 'monthly' }),
      withOffer,
      10,
    );
    expect(part.part).toMatchObject({ points: 10, max: 10 });
    expect(part.toConfirm).toEqual([]);
    // 30 kg a week = 1560 kg a year > 1200 → 0; 30 < 50 → 0: scored low, not excluded.
    const low = capacityPart(
      need('c2', { quantity: 30, unit: 'kg', frequency: 'weekly' }),
      withOffer,
      10,
    );
    expect(low.part).toMatchObject({ points: 0, max: 10 });
  });

  it('leaves unknown values to confirm, never as numbers', () => {
    const partial = supplier('d', 'X', [], [], 50, {
      offers: [{ ...offer, capacity: null }],
    });
    const part = capacityPart(need('c3', { quantity: 60, unit: 'kg' }), partial, 10);
    expect(part.part).toMatchObject({ points: 5, max: 5 });
    expect(part.toConfirm).toEqual(['capacité']);
    const otherUnit = capacityPart(
      need('c4', { quantity: 60, unit: 'caisses' }),
      withOffer,
      10,
    );
    expect(otherUnit.part).toMatchObject({ points: 0, max: 0 });
  });
});
