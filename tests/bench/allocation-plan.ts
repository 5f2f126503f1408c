/**
 * A synthetic plan for the allocation benchmark, drawn with a seeded PRNG:
 * 1,000 needs of 50–1,000 kg, 10 candidates each among 600 suppliers (60 %
 * responsible), capacities summing to about 80 % of the demand so that they
 * bind, 3 % of capacities unknown, 10 % of offers with a minimum order.
 * With `sectors` > 1, needs and suppliers are dealt into that many sectors and
 * a need's candidates come from its own sector, as a real plan's do; with 1,
 * every need may compete with every other: one block, the worst case.
 */
import type { Candidate, MatchResult, Need, Plan, Supplier } from '../../shared/model';
import { DEFAULT_MATCH_OPTIONS } from '../../shared/matching/match-plan';
import {
  INDICATOR_KINDS,
  type IndicatorKind,
} from '../../shared/indicators/indicator-types';
import { emptyNeed } from '../../shared/plan/empty-need';
import { makeBareSupplier, makeOffer } from '../helpers/make-supplier';

/** Mulberry32: a small seeded PRNG, the same draws on every run. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface BenchPlan {
  plan: Plan;
  match: MatchResult;
  suppliersById: Map<string, Supplier>;
}

export interface BenchOptions {
  needCount?: number;
  supplierCount?: number;
  candidatesPerNeed?: number;
  sectors?: number;
  /** Share of offers with a minimum order. */
  minimumShare?: number;
  seed?: number;
}

export function allocationBenchPlan(options: BenchOptions = {}): BenchPlan {
  const {
    needCount = 1000,
    supplierCount = 600,
    candidatesPerNeed = 10,
    sectors = 1,
    minimumShare = 0.1,
    seed = 20261205,
  } = options;
  const random = prng(seed);
  const between = (lo: number, hi: number): number => lo + (hi - lo) * random();

  const needs: Need[] = [];
  for (let i = 0; i < needCount; i++) {
    const annual = Math.round(between(50, 1000));
    const times = [1, 4, 12][Math.floor(random() * 3)] ?? 1;
    needs.push({
      ...emptyNeed(`b${i}`, 50),
      title: `Besoin ${i}`,
      quantity: annual / times,
      unit: 'kg',
      quantityKind: 'mass',
      unitCode: 'KGM',
      normalizedQuantity: annual / times,
      timesPerYear: times,
      annualQuantity: annual,
    });
  }
  const totalDemand = needs.reduce((s, n) => s + (n.annualQuantity ?? 0), 0);

  const suppliers: Supplier[] = [];
  const capacities: (number | null)[] = [];
  for (let i = 0; i < supplierCount; i++) {
    const responsible = random() < 0.6;
    const minimum = random() < minimumShare ? Math.round(between(10, 120)) : null;
    suppliers.push(
      makeBareSupplier({
        id: `f${i}`,
        name: `Fournisseur ${i}`,
        kind: responsible ? 'EI' : 'ENTREPRISE',
        location: { lat: 50.45, lon: 2.9 },
        offers: [
          makeOffer({
            id: `f${i}-offre`,
            label: 'offre',
            unit: 'kg',
            minimumOrder: minimum,
          }),
        ],
      }),
    );
    // Capacity 0.3–1.3 × the average demand per supplier: 80 % of it in all.
    capacities.push(
      random() < 0.03
        ? null
        : Math.round(between(0.3, 1.3) * (totalDemand / supplierCount)),
    );
  }

  const byKind = Object.fromEntries(INDICATOR_KINDS.map((k) => [k, 0])) as Record<
    IndicatorKind,
    number
  >;
  const match: MatchResult = {
    generatedAt: new Date(0).toISOString(),
    catalogueVersion: 'bench',
    options: DEFAULT_MATCH_OPTIONS,
    needs: needs.map((need, n) => {
      // Sector k holds the suppliers k, k + sectors, k + 2 × sectors…
      const sector = n % sectors;
      const inSector = Math.ceil((supplierCount - sector) / sectors);
      const picked = new Set<number>();
      while (picked.size < Math.min(candidatesPerNeed, inSector)) {
        picked.add(sector + sectors * Math.floor(random() * inSector));
      }
      const candidates: Candidate[] = [...picked]
        .map((index) => {
          const s = suppliers[index] as Supplier;
          const capacity = capacities[index] ?? null;
          return {
            rank: 0,
            supplierId: s.id,
            supplierName: s.name,
            siret: null,
            kind: s.kind,
            labels: s.labels,
            city: s.address.city,
            inseeCode: null,
            location: s.location,
            distanceKm: Math.round(between(1, 50) * 10) / 10,
            score: 0,
            parts: [],
            sectorFit: 'code' as const,
            toConfirm: [],
            offerId: capacity === null ? null : `${s.id}-offre`,
            annualCapacity: capacity,
          };
        })
        // Ranked by distance, as a plain proxy of the matcher's score.
        .sort((a, b) => a.distanceKm - b.distanceKm)
        .map((c, i) => ({ ...c, rank: i + 1, score: 100 - i }));
      return {
        needId: need.id,
        candidates,
        sectorMatches: candidates.length,
        note: null,
        inRange: {
          total: candidates.length,
          byKind,
          reservable: { siae: 0, disability: 0, ess: 0 },
        },
      };
    }),
  };

  return {
    plan: {
      name: 'bench',
      sourceFile: null,
      importedAt: new Date(0).toISOString(),
      needs,
    },
    match,
    suppliersById: new Map(suppliers.map((s) => [s.id, s])),
  };
}
