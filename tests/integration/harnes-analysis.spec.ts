/**
 * The Harnes 2019 plan (29 needs from the real DECP contracts) end to end on
 * the embedded catalogue: ranking, allocation, indicators and procedures,
 * each checked against figures the test works out from the plan itself.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices, type Services } from '../../main/services/create-services';
import { checkAllocation } from '../../shared/allocation/check-allocation';
import type { MatchResult, Plan, Supplier } from '../../shared/model';

const NOW = new Date(2026, 11, 5, 9, 0);
let services: Services;
let plan: Plan;
let match: MatchResult;

beforeAll(async () => {
  services = await createServices({ databasePath: null, now: () => NOW });
  const bytes = readFileSync(resolve('tests/fixtures/plans/harnes-2019.xlsx'));
  plan = (
    await services['plan:import']({
      name: 'harnes-2019.xlsx',
      base64: bytes.toString('base64'),
    })
  ).plan;
  match = await services['match:run']({ plan });
});
afterAll(() => services.close());

const sum = (values: number[]): number => values.reduce((a, b) => a + b, 0);

describe('the Harnes plan, end to end', () => {
  it('matches every need, ranked by score then distance', () => {
    expect(match.needs).toHaveLength(29);
    for (const need of match.needs) {
      const scores = need.candidates.map((c) => c.score);
      expect(scores).toEqual([...scores].sort((a, b) => b - a));
      expect(need.candidates.length).toBeLessThanOrEqual(10);
      expect(need.inRange.total).toBeGreaterThanOrEqual(need.candidates.length);
    }
  });

  it('allocates nothing, and says why: DECP contracts give amounts, not quantities', () => {
    const allocation = match.allocation;
    expect(allocation?.needs).toHaveLength(29);
    for (const need of allocation?.needs ?? []) {
      expect(need.demand).toBeNull();
      expect(need.lines).toEqual([]);
      expect(need.note).toMatch(/quantit/i);
    }
  });

  it('allocates within every capacity once the needs have quantities', async () => {
    // Give every need 100 units a year: capacities are unknown in the real
    // catalogue, so each need goes whole to suppliers listed « à confirmer ».
    const withQuantities: Plan = {
      ...plan,
      needs: plan.needs.map((n) => ({
        ...n,
        quantity: 100,
        unit: 'unités',
        frequency: 'yearly',
        quantityKind: 'count',
        unitCode: 'C62',
        normalizedQuantity: 100,
        timesPerYear: 1,
        annualQuantity: 100,
      })),
    };
    const run = await services['match:run']({ plan: withQuantities });
    const suppliersById = new Map<string, Supplier>(
      JSON.parse(readFileSync(resolve('resources/catalogue.json'), 'utf8')).suppliers.map(
        (s: Supplier) => [s.id, s],
      ),
    );
    expect(checkAllocation(withQuantities, run, suppliersById, run.allocation!)).toEqual(
      [],
    );
    const served = run.needs.filter((n) => n.candidates.length > 0).length;
    const covered = run.allocation?.needs.filter((n) => n.allocated >= 100 - 1e-6).length;
    expect(covered).toBe(served);
  });

  it('sums the budgets of the needs with a supplier of each kind in range', () => {
    const budgetOf = new Map(plan.needs.map((n) => [n.id, n.budget ?? 0]));
    for (const kind of match.indicators?.kinds ?? []) {
      const needs = match.needs.filter((n) => n.inRange.byKind[kind.kind] > 0);
      expect([kind.kind, kind.needs]).toEqual([kind.kind, needs.length]);
      expect(kind.budget).toBeCloseTo(
        sum(needs.map((n) => budgetOf.get(n.needId) ?? 0)),
        2,
      );
    }
    expect(match.indicators?.budgetTotal).toBeCloseTo(
      sum(plan.needs.map((n) => n.budget ?? 0)),
      2,
    );
  });

  it('sums the budgets by CPV group and applies the thresholds in force on 5 December 2026', () => {
    const byGroup = new Map<string, number>();
    for (const need of plan.needs) {
      const key = `cpv:${need.cpv?.slice(0, 3)}`;
      byGroup.set(key, (byGroup.get(key) ?? 0) + (need.budget ?? 0));
    }
    const families = match.procedures?.families ?? [];
    expect(new Map(families.map((f) => [f.familyCode, f.estimatedAmount]))).toEqual(
      byGroup,
    );
    for (const family of families) {
      const amount = family.estimatedAmount ?? 0;
      const works = family.familyCode.startsWith('cpv:45');
      // Local authorities, 2026–2027: formalised from 216 000 € (supplies,
      // services) or 5 404 000 € (works); no procedure below 60 000 €
      // (supplies, services, since 1 April 2026) or 100 000 € (works).
      const formalised = works ? 5_404_000 : 216_000;
      const dispense = works ? 100_000 : 60_000;
      const expected =
        amount >= formalised
          ? /formalisée/i
          : amount < dispense
            ? /sans publicité|dispense/i
            : /adaptée/i;
      expect([family.familyCode, amount, family.procedure]).toEqual([
        family.familyCode,
        amount,
        expect.stringMatching(expected),
      ]);
    }
  });
});
