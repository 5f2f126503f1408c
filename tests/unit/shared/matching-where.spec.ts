/**
 * Where (issue 5, point 3 of the matching): service areas at every site, the
 * road factor, needs delivered on several sites.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_MATCH_OPTIONS, matchPlan } from '../../../shared/matching/match-plan';
import {
  REGION_OF_DEPARTEMENT,
  reachOf,
  regionsOfDepartements,
  serviceAreaCheck,
} from '../../../shared/matching/reach';
import { whyNot } from '../../../shared/matching/why-not';
import type {
  CommunesFile,
  MatchOptions,
  Need,
  Place,
  ServiceArea,
  Supplier,
} from '../../../shared/model';
import { splitSites } from '../../../shared/plan/plan-row';
import { makeNeed } from '../../helpers/make-need';
import { HARNES, makeBareSupplier } from '../../helpers/make-supplier';

// One degree of latitude on Turf's sphere: 6371.0088 × π / 180 = 111.19508 km.
/** 0.2° north of Harnes: 22.2 km. */
const LENS: Place = { ...HARNES, label: 'Lens', inseeCode: '62498', lat: 50.2 };

function cleaner(id: string, lat: number, area: ServiceArea | null = null): Supplier {
  return makeBareSupplier({
    id,
    name: `Nettoyage ${id}`,
    kind: 'EI',
    cpv: ['90910000'],
    location: { lat, lon: 3 },
    serviceArea: area,
  });
}

function cleaning(fields: Partial<Need> = {}): Need {
  return makeNeed({
    id: 'n',
    title: 'Nettoyage',
    cpv: '90910000',
    placeText: 'Harnes',
    place: HARNES,
    ...fields,
  });
}

function run(
  need: Need,
  suppliers: Supplier[],
  options: MatchOptions = DEFAULT_MATCH_OPTIONS,
) {
  const plan = { name: 'p', sourceFile: null, importedAt: '', needs: [need] };
  const catalogue = { version: 't', sectors: [], suppliers };
  const match = matchPlan(plan, catalogue, options, new Date(0)).needs[0];
  const why = (s: Supplier) => whyNot(need, s, catalogue, options, new Date(0));
  return { match, why };
}

describe('service area', () => {
  const check = (area: ServiceArea | null, site: Place = HARNES, lat = 50.1) =>
    serviceAreaCheck(cleaner('x', lat, area), reachOf([site], { lat, lon: 3 }, 1));

  it('honours a radius as the crow flies from the supplier', () => {
    // 0.1° = 11.1 km.
    expect(check({ kind: 'radius', km: 12 }).status).toBe('in');
    expect(check({ kind: 'radius', km: 10 })).toEqual({
      status: 'out',
      explanation:
        'Le fournisseur intervient dans un rayon de 10 km : ' +
        'Harnes à 11,1 km à vol d’oiseau hors de sa zone',
    });
  });

  it('honours départements and régions (Pas-de-Calais is in Hauts-de-France, 32)', () => {
    expect(check({ kind: 'departements', codes: ['59', '62'] }).status).toBe('in');
    expect(check({ kind: 'departements', codes: ['59'] }).status).toBe('out');
    expect(check({ kind: 'regions', codes: ['32'] })).toEqual({
      status: 'in',
      explanation:
        'Le fournisseur intervient dans la région 32 : Harnes (région 32) dans sa zone',
    });
    expect(check({ kind: 'regions', codes: ['11', '28'] })).toEqual({
      status: 'out',
      explanation:
        'Le fournisseur intervient dans les régions 11, 28 : Harnes (région 32) hors de sa zone',
    });
    expect(check({ kind: 'national' }).status).toBe('in');
  });

  it('leaves an unknown area, or a site without département, to confirm', () => {
    expect(check(null)).toEqual({
      status: 'unknown',
      explanation: 'Zone d’intervention à confirmer (inconnue du catalogue)',
    });
    const noDep = { ...HARNES, departement: null };
    expect(check({ kind: 'regions', codes: ['32'] }, noDep)).toEqual({
      status: 'unknown',
      explanation:
        'Le fournisseur intervient dans la région 32 : zone d’intervention à confirmer ' +
        'pour Harnes (région inconnue)',
    });
  });

  it('builds its département → région table as resources/communes.json gives it', () => {
    const file = JSON.parse(
      readFileSync(join(__dirname, '../../../resources/communes.json'), 'utf8'),
    ) as CommunesFile;
    const fromFile = regionsOfDepartements(file.communes);
    expect(fromFile.size).toBe(101);
    expect(new Map([...REGION_OF_DEPARTEMENT].sort())).toEqual(
      new Map([...fromFile].sort()),
    );
  });

  it('excludes in matchPlan and whyNot an area that misses the site, keeps an unknown one', () => {
    const inside = cleaner('in', 50.1, { kind: 'regions', codes: ['32'] });
    const outside = cleaner('out', 50.1, { kind: 'regions', codes: ['11'] });
    const unknown = cleaner('unknown', 50.1);
    const { match, why } = run(cleaning(), [inside, outside, unknown]);
    expect(match?.candidates.map((c) => c.supplierId)).toEqual(['in', 'unknown']);
    expect(match?.candidates[1]?.toConfirm).toContain('zone d’intervention');
    expect(match?.candidates[0]?.toConfirm).not.toContain('zone d’intervention');
    expect(why(outside).excludedBy).toBe('service-area');
  });
});

describe('road factor', () => {
  // 0.0855° = 9.5072 km as the crow flies; × 1.3 = 12.359 km → 12.4 km.
  const near = cleaner('near', 50.0855);
  // 0.4° = 44.478 km; × 1.3 = 57.82 km > 50 km.
  const far = cleaner('far', 50.4);

  it('shows the estimated road distance and says how it was made', () => {
    const { match } = run(cleaning(), [near, far], {
      ...DEFAULT_MATCH_OPTIONS,
      roadFactor: 1.3,
    });
    expect(match?.candidates.map((c) => c.supplierId)).toEqual(['near']);
    const candidate = match?.candidates[0];
    expect(candidate?.distanceKm).toBe(12.4);
    // 30 × (1 − 12,4 / 50) = 22,56 → 22,6.
    expect(candidate?.parts.find((p) => p.criterion === 'distance')).toEqual({
      criterion: 'distance',
      points: 22.6,
      max: 30,
      explanation:
        'Distance routière estimée : 12,4 km (vol d’oiseau 9,5 km × 1,3) (max. 50 km)',
    });
  });

  it('keeps as the crow flies what the road factor puts beyond the maximum', () => {
    const { match, why } = run(cleaning(), [near, far], {
      ...DEFAULT_MATCH_OPTIONS,
      roadFactor: 1.3,
    });
    expect(match?.candidates).toHaveLength(1);
    expect(why(far).checks.find((c) => c.criterion === 'distance')?.explanation).toBe(
      'Distance routière estimée : 57,8 km (vol d’oiseau 44,5 km × 1,3), ' +
        'au-delà du maximum de 50 km',
    );
    const crow = run(cleaning(), [near, far]).match;
    expect(crow?.candidates.map((c) => [c.supplierId, c.distanceKm])).toEqual([
      ['near', 9.5],
      ['far', 44.5],
    ]);
  });
});

describe('a need delivered on several sites', () => {
  const twoSites = cleaning({ placeText: 'Harnes ; Lens', additionalPlaces: [LENS] });
  // South of Harnes by 0.1°: 11.1 km from Harnes, 33.4 km from Lens.
  const south = cleaner('south', 49.9);
  // 0.3° south: 33.4 km from Harnes, 55.6 km from Lens: Harnes alone would keep it.
  const farSouth = cleaner('far-south', 49.7);
  // Within 20 km of itself: reaches Harnes (11.1 km), not Lens (33.4 km).
  const smallRadius = cleaner('radius', 49.9, { kind: 'radius', km: 20 });

  it('needs every site reached, the farthest counting, each one named', () => {
    const { match, why } = run(twoSites, [south, farSouth, smallRadius]);
    expect(match?.candidates.map((c) => [c.supplierId, c.distanceKm])).toEqual([
      ['south', 33.4],
    ]);
    expect(
      match?.candidates[0]?.parts.find((p) => p.criterion === 'distance')?.explanation,
    ).toBe(
      'Harnes : 11,1 km ; Lens : 33,4 km ; la plus longue compte (Lens) (max. 50 km)',
    );
    expect(why(farSouth)).toMatchObject({ excludedBy: 'distance' });
    expect(why(smallRadius).checks.find((c) => !c.passed)).toEqual({
      criterion: 'service-area',
      passed: false,
      explanation:
        'Le fournisseur intervient dans un rayon de 20 km : ' +
        'Lens à 33,4 km à vol d’oiseau hors de sa zone',
    });
    expect(run(cleaning(), [farSouth]).match?.candidates).toHaveLength(1);
  });

  it('reads several sites in one place cell', () => {
    expect(splitSites('Harnes ; Lens')).toEqual(['Harnes', 'Lens']);
    expect(splitSites('Harnes / Lens;Liévin')).toEqual(['Harnes', 'Lens', 'Liévin']);
    expect(splitSites('Bât. A/B, 62440 Harnes')).toEqual(['Bât. A/B, 62440 Harnes']);
    expect(splitSites(' ; Harnes ; ')).toEqual(['Harnes']);
  });
});
