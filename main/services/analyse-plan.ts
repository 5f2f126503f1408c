/**
 * What match:run adds to the ranking: the allocation of the plan's volumes
 * (HiGHS, compared with the greedy baseline), the SPASER / EGalim indicators
 * before and after it, and what the law allows (thresholds in force on the
 * day, lots, reserved contracts and social clauses).
 */
import { allocatePlan } from '../../shared/allocation/allocate-plan';
import { planIndicators } from '../../shared/indicators/plan-indicators';
import { adviseProcedures } from '../../shared/law/advise-procedures';
import type { MatchResult, Plan, Supplier } from '../../shared/model';

export interface AnalysisContext {
  suppliersById: ReadonlyMap<string, Supplier>;
  now: Date;
  cpvLabel: (code: string) => string | undefined;
}

/** The calendar day of `date` where Passerelle runs, yyyy-mm-dd (not the UTC day). */
export function localDay(date: Date): string {
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** The match with its allocation, indicators and procedures filled in. */
export async function analysePlan(
  plan: Plan,
  match: MatchResult,
  context: AnalysisContext,
): Promise<MatchResult> {
  const allocation = await allocatePlan(plan, match, context.suppliersById);
  const withAllocation: MatchResult = { ...match, allocation };
  return {
    ...withAllocation,
    indicators: planIndicators(plan, withAllocation, allocation, context.suppliersById),
    procedures: adviseProcedures(
      plan,
      withAllocation,
      localDay(context.now),
      match.options.buyerKind ?? 'collectivite',
      { cpvLabel: context.cpvLabel },
    ),
  };
}
