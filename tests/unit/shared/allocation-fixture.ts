/** Small hand-made plans, matches and suppliers for the allocation tests. */
import type {
  Candidate,
  MatchResult,
  Need,
  Offer,
  Plan,
  Supplier,
} from '../../../shared/model';
import {
  INDICATOR_KINDS,
  type IndicatorKind,
} from '../../../shared/indicators/indicator-types';
import { DEFAULT_MATCH_OPTIONS } from '../../../shared/matching/match-plan';
import { makeNeed } from '../../helpers/make-need';
import { makeBareSupplier } from '../../helpers/make-supplier';

/** A responsible supplier is an insertion structure (ACI), the others a plain company. */
export function supplier(
  id: string,
  responsible: boolean,
  offers: Offer[] = [],
): Supplier {
  return makeBareSupplier({
    id,
    name: `Fournisseur ${id}`,
    kind: responsible ? 'ACI' : 'ENTREPRISE',
    location: { lat: 50.45, lon: 2.9 },
    offers,
  });
}

export function offer(id: string, minimumOrder: number | null, unit = 'kg'): Offer {
  return {
    id,
    label: id,
    unit,
    minimumOrder,
    capacity: null,
    capacityPeriod: null,
    leadTimeDays: null,
  };
}

/** A need of `annual` kg a year, ordered once (or `times` a year). */
export function kgNeed(id: string, annual: number | null, times = 1): Need {
  const perOrder = annual === null ? null : annual / times;
  return makeNeed({
    id,
    quantity: perOrder,
    unit: 'kg',
    quantityKind: annual === null ? null : 'mass',
    unitCode: annual === null ? null : 'KGM',
    normalizedQuantity: perOrder,
    timesPerYear: times,
    annualQuantity: annual,
  });
}

export interface CandidateSpec {
  supplier: Supplier;
  km: number;
  /** Yearly capacity in the need's unit; null = « à confirmer ». */
  capacity: number | null;
  offerId?: string | null;
}

export function candidate(spec: CandidateSpec, rank: number): Candidate {
  const s = spec.supplier;
  return {
    rank,
    supplierId: s.id,
    supplierName: s.name,
    siret: null,
    kind: s.kind,
    labels: s.labels,
    city: s.address.city,
    inseeCode: null,
    location: s.location,
    distanceKm: spec.km,
    score: 100 - rank,
    parts: [],
    sectorFit: 'code',
    toConfirm: [],
    offerId: spec.offerId === undefined ? `${s.id}-offre` : spec.offerId,
    annualCapacity: spec.capacity,
  };
}

export interface Fixture {
  plan: Plan;
  match: MatchResult;
  suppliersById: Map<string, Supplier>;
}

/** Candidates are ranked in the order given. */
export function fixture(
  rows: { need: Need; candidates: CandidateSpec[] }[],
  suppliers: Supplier[],
): Fixture {
  return {
    plan: {
      name: 'fixture',
      sourceFile: null,
      importedAt: '2026-01-01T00:00:00.000Z',
      needs: rows.map((r) => r.need),
    },
    match: {
      generatedAt: '2026-01-01T00:00:00.000Z',
      catalogueVersion: 'test',
      options: DEFAULT_MATCH_OPTIONS,
      needs: rows.map((r) => ({
        needId: r.need.id,
        candidates: r.candidates.map((c, i) => candidate(c, i + 1)),
        sectorMatches: r.candidates.length,
        note: null,
        inRange: {
          total: r.candidates.length,
          byKind: Object.fromEntries(INDICATOR_KINDS.map((k) => [k, 0])) as Record<
            IndicatorKind,
            number
          >,
          reservable: { siae: 0, disability: 0, ess: 0 },
        },
      })),
    },
    suppliersById: new Map(suppliers.map((s) => [s.id, s])),
  };
}
