/**
 * Rapprochement: run the match on the loaded plan with the buyer's weights,
 * ask why a supplier is not proposed, keep the shortlist, save the report.
 */
import { defineStore } from 'pinia';
import { computed, ref, watch } from 'vue';
import type { MatchOptions, MatchResult, ScoreWeights } from '../../../shared/model';
import type { BuyerKind } from '../../../shared/law/procedure-types';
import type { WhyNot } from '../../../shared/matching/why-not-types';
import type { ShortlistEntry } from '../../../shared/plan/weight-presets';
import { call } from '../api/client';
import { downloadPayload } from '../files/file-payload';
import { useErrorStore } from './error-store';
import { usePlanStore } from './plan-store';

/** Where the buyer's last options are kept, so typed weights survive a reload. */
const OPTIONS_KEY = 'passerelle.match-options';

/** The options the buyer chose; null fields fall back to the services' defaults. */
export interface ChosenOptions {
  weights: ScoreWeights | null;
  roadFactor: number | null;
  buyerKind: BuyerKind | null;
}

function readKeptOptions(): ChosenOptions {
  const none: ChosenOptions = { weights: null, roadFactor: null, buyerKind: null };
  try {
    const kept = JSON.parse(localStorage.getItem(OPTIONS_KEY) ?? 'null') as unknown;
    if (kept === null || typeof kept !== 'object') return none;
    const { weights, roadFactor, buyerKind } = kept as Partial<ChosenOptions>;
    return {
      weights: weights && typeof weights === 'object' ? { ...weights } : null,
      roadFactor: typeof roadFactor === 'number' ? roadFactor : null,
      buyerKind: buyerKind === 'etat' || buyerKind === 'collectivite' ? buyerKind : null,
    };
  } catch (error) {
    // Storage refused (private mode) or garbled: start from the defaults.
    console.warn('[match] options kept unreadable', error);
    return none;
  }
}

/** The last match result, for the plan it was run on. */
export const useMatchStore = defineStore('match', () => {
  const result = ref<MatchResult | null>(null);
  const busy = ref(false);
  const saving = ref(false);
  const kept = readKeptOptions();
  /** Weights the next run uses; null: the services' defaults. */
  const weights = ref<ScoreWeights | null>(kept.weights);
  /** Road km ÷ crow-flies km the next run uses; null: as the crow flies. */
  const roadFactor = ref<number | null>(kept.roadFactor);
  /** Whose thresholds apply; null: the services' default (collectivité). */
  const buyerKind = ref<BuyerKind | null>(kept.buyerKind);
  /** Kept suppliers of the open stored plan. */
  const shortlist = ref<ShortlistEntry[]>([]);
  /** Why the shortlist cannot be kept (no stored plan, service not ready); null when it can. */
  const shortlistProblem = ref<string | null>(null);
  const errors = useErrorStore();
  const planStore = usePlanStore();
  // A new plan, or a place picked for a need, makes the previous result stale.
  watch(
    () => planStore.plan,
    () => (result.value = null),
    { deep: true },
  );
  watch(
    () => planStore.openPlanId,
    () => void loadShortlist(),
  );
  watch([weights, roadFactor, buyerKind], () => {
    try {
      localStorage.setItem(
        OPTIONS_KEY,
        JSON.stringify({
          weights: weights.value,
          roadFactor: roadFactor.value,
          buyerKind: buyerKind.value,
        }),
      );
    } catch (error) {
      console.warn('[match] options not kept', error);
    }
  });

  /** The options sent with match:run and match:why-not; absent ones take defaults. */
  function chosenOptions(): Partial<MatchOptions> {
    return {
      ...(weights.value && { weights: { ...weights.value } }),
      ...(roadFactor.value !== null && { roadFactor: roadFactor.value }),
      ...(buyerKind.value !== null && { buyerKind: buyerKind.value }),
    };
  }

  async function run(): Promise<void> {
    const plan = planStore.plan;
    if (!plan) {
      errors.show('Importez d’abord un plan d’achats (onglet « Plan d’achats »).');
      return;
    }
    busy.value = true;
    try {
      const options = chosenOptions();
      result.value = await call('match:run', {
        plan,
        ...(Object.keys(options).length > 0 && { options }),
      });
      weights.value = { ...result.value.options.weights };
      await loadShortlist();
    } catch (error) {
      errors.report(error);
    } finally {
      busy.value = false;
    }
  }

  /** Runs the match again with `next` weights. */
  async function runWithWeights(next: ScoreWeights): Promise<void> {
    weights.value = { ...next };
    await run();
  }

  /** The services' answer to « why not this supplier for this need? ». */
  async function whyNot(needId: string, supplierId: string): Promise<WhyNot | null> {
    const plan = planStore.plan;
    if (!plan) return null;
    try {
      // The options of the result shown, so the answer matches the ranking.
      const used = result.value?.options;
      const options = used
        ? {
            weights: { ...used.weights },
            ...(used.roadFactor !== undefined && { roadFactor: used.roadFactor }),
            ...(used.buyerKind !== undefined && { buyerKind: used.buyerKind }),
          }
        : chosenOptions();
      return await call('match:why-not', { plan, needId, supplierId, options });
    } catch (error) {
      errors.report(error);
      return null;
    }
  }

  async function loadShortlist(): Promise<void> {
    const planId = planStore.openPlanId;
    if (!planId) {
      shortlist.value = [];
      shortlistProblem.value =
        'La présélection se garde pour un plan enregistré : ouvrez-en un.';
      return;
    }
    try {
      shortlist.value = await call('shortlist:get', planId);
      shortlistProblem.value = null;
    } catch (error) {
      shortlist.value = [];
      shortlistProblem.value = error instanceof Error ? error.message : String(error);
    }
  }

  const keptKeys = computed(
    () => new Set(shortlist.value.map((e) => `${e.needId}\n${e.supplierId}`)),
  );

  function isKept(needId: string, supplierId: string): boolean {
    return keptKeys.value.has(`${needId}\n${supplierId}`);
  }

  async function setKept(
    needId: string,
    supplierId: string,
    kept: boolean,
  ): Promise<void> {
    const planId = planStore.openPlanId;
    if (!planId) return;
    try {
      shortlist.value = await call('shortlist:set', { planId, needId, supplierId, kept });
    } catch (error) {
      errors.report(error);
    }
  }

  async function saveReport(): Promise<void> {
    const plan = planStore.plan;
    if (!plan || !result.value) return;
    saving.value = true;
    try {
      // The issues of the import that gave this plan fill « Lignes écartées ».
      const imported = planStore.loadedImport;
      downloadPayload(
        await call('report:build', {
          plan,
          match: result.value,
          ...(imported && { issues: imported.issues, rowsRead: imported.rowsRead }),
          shortlist: shortlist.value.map((e) => ({
            needId: e.needId,
            supplierId: e.supplierId,
          })),
        }),
      );
    } catch (error) {
      errors.report(error);
    } finally {
      saving.value = false;
    }
  }

  return {
    result,
    busy,
    saving,
    weights,
    roadFactor,
    buyerKind,
    shortlist,
    shortlistProblem,
    run,
    runWithWeights,
    whyNot,
    loadShortlist,
    isKept,
    setKept,
    saveReport,
  };
});
