import { describe, expect, it } from 'vitest';
import { DEFAULT_MATCH_OPTIONS, matchPlan } from '../../../shared/matching/match-plan';
import type { LabelCode, Need, Supplier } from '../../../shared/model';
import { makeNeed } from '../../helpers/make-need';
import { makeBareSupplier } from '../../helpers/make-supplier';

// Lille-like: delivery at 50.45° N, 2.9° E. 0.1° of latitude = 11.1 km,
// 0.5° = 55.6 km (6371.0088 km × 0.5 × π / 180 = 55.598 km).
const PLACE = { lat: 50.45, lon: 2.9 };

function cleaner(id: string, labels: LabelCode[], lat: number): Supplier {
  return makeBareSupplier({
    id,
    name: `Nettoyage ${id}`,
    kind: 'EI',
    labels,
    cpv: ['90910000'],
    address: {
      street: '',
      postcode: '59000',
      city: 'Lille',
      inseeCode: null,
      departement: '59',
    },
    location: { lat, lon: PLACE.lon },
  });
}

function cleaningNeed(requiredLabels: LabelCode[]): Need {
  return makeNeed({
    id: 'n1',
    row: 2,
    title: 'Nettoyage des locaux',
    cpv: '90910000',
    placeText: 'Lille',
    place: {
      label: 'Lille',
      inseeCode: '59350',
      postcode: '59000',
      departement: '59',
      ...PLACE,
    },
    requiredLabels,
  });
}

function noteFor(need: Need, suppliers: Supplier[]): string | null {
  const plan = { name: 'p', sourceFile: null, importedAt: '', needs: [need] };
  const result = matchPlan(
    plan,
    { version: 't', sectors: [], suppliers },
    DEFAULT_MATCH_OPTIONS,
    new Date(0),
  );
  return result.needs[0]?.note ?? null;
}

describe('note of a need without candidates, with required labels', () => {
  it('says the nearby sector suppliers lack the labels, naming the missing one', () => {
    const suppliers = [
      cleaner('a', ['insertion'], 50.55), // 11.1 km, no ESUS
      cleaner('b', ['insertion'], 50.35), // 11.1 km, no ESUS
      cleaner('c', ['insertion', 'esus'], 50.95), // 55.6 km: both labels, too far
    ];
    expect(noteFor(cleaningNeed(['insertion', 'esus']), suppliers)).toBe(
      '2 fournisseurs du secteur à moins de 50 km, aucun n’a les labels exigés (ESUS) ; ' +
        'le plus proche qui les a est à 55,6 km.',
    );
  });

  it('names all required labels when each is held nearby but never together', () => {
    const suppliers = [
      cleaner('a', ['insertion'], 50.55),
      cleaner('b', ['esus'], 50.35),
      cleaner('c', ['insertion', 'esus'], 50.95),
    ];
    expect(noteFor(cleaningNeed(['insertion', 'esus']), suppliers)).toBe(
      '2 fournisseurs du secteur à moins de 50 km, aucun n’a tous les labels exigés ' +
        '(Insertion (SIAE, GEIQ), ESUS) ; le plus proche qui les a est à 55,6 km.',
    );
  });

  it('uses the singular for one nearby supplier', () => {
    const suppliers = [cleaner('a', ['insertion'], 50.55), cleaner('c', ['esus'], 50.95)];
    expect(noteFor(cleaningNeed(['esus']), suppliers)).toBe(
      '1 fournisseur du secteur à moins de 50 km, qui n’a pas les labels exigés (ESUS) ; ' +
        'le plus proche qui les a est à 55,6 km.',
    );
  });

  it('still blames the distance when no sector supplier is near', () => {
    const suppliers = [cleaner('c', ['insertion', 'esus'], 50.95)];
    expect(noteFor(cleaningNeed(['esus']), suppliers)).toBe(
      'Aucun fournisseur du secteur à moins de 50 km (le plus proche est à 55,6 km).',
    );
  });
});
