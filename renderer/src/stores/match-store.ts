/**
 * Rapprochement: run the match on the loaded plan with the buyer's weights,
 * ask why a supplier is not proposed, keep the shortlist, save the report.
 */
import { defineStore } from 'pinia';
import { computed, markRaw, ref, shallowRef, watch } from 'vue';
import type { MatchOptions, MatchResult, ScoreWeights } from '../../../shared/model';
import type { BuyerKind } from '../../../shared/law/procedure-types';
import type { WhyNot } from '../../../shared/matching/why-not-types';
import type { ShortlistEntry } from '../../../shared/plan/weight-presets';
import {
  SHEET_IDS,
  type ReportFormat,
  type ReportJobState,
  type SheetId,
} from '../../../shared/report/report-sheets';
import { ApiError } from '../api/api-error';
import { call } from '../api/client';
import { downloadPayload } from '../files/file-payload';
import { useCompareStore } from './compare-store';
import { useErrorStore } from './error-store';
import { usePlanStore } from './plan-store';

/** How often the report being written is asked how far it is, ms. */
const REPORT_POLL_MS = 250;

const sleep = (ms: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, ms));

/** What the save dialog asks for: the sheets, the format, the buyer's organisation. */
export interface ReportChoice {
  sheets: readonly SheetId[];
  format: ReportFormat;
  buyerName: string;
}

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

/** What the save dialog says of a failed report: the services' French message as is. */
function reportFailure(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  console.error('[report]', error);
  return (
    'Le rapport n’a pas pu être écrit (erreur inattendue dans l’interface). ' +
    'Réessayez ; si elle persiste, rechargez la fenêtre.'
  );
}

/** The last match result, for the plan it was run on. */
export const useMatchStore = defineStore('match', () => {
  /**
   * Shallow and raw: a yearly plan's result holds thousands of candidates,
   * only ever replaced whole, never changed in place.
   */
  const result = shallowRef<MatchResult | null>(null);
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
  /** The report being written, as last polled; null before the first. */
  const reportJob = ref<ReportJobState | null>(null);
  /** How the last report ended (saved, cancelled), for the buyer; null meanwhile. */
  const reportNotice = ref<{ kind: 'info' | 'warning'; text: string } | null>(null);
  /** Why the last report failed, shown in the save dialog (a banner would hide behind it). */
  const reportError = ref<string | null>(null);
  const cancellingReport = ref(false);
  /** « Annuler » was pressed while report:start had not answered yet. */
  let cancelOnStart = false;
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
      result.value = markRaw(
        await call('match:run', {
          plan,
          ...(Object.keys(options).length > 0 && { options }),
        }),
      );
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

  /** Kept suppliers by need, so each need's card finds its own without a scan. */
  const keptByNeed = computed(() => {
    const byNeed = new Map<string, ShortlistEntry[]>();
    for (const entry of shortlist.value) {
      const entries = byNeed.get(entry.needId);
      if (entries) entries.push(entry);
      else byNeed.set(entry.needId, [entry]);
    }
    return byNeed;
  });

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

  /**
   * Writes the report the buyer chose in the background, following it until
   * it ends: done, the file downloads; cancelled, nothing does. Resolves once
   * it is over, with what to tell the buyer in `reportNotice`.
   */
  async function saveReport(choice: ReportChoice): Promise<void> {
    const plan = planStore.plan;
    if (!plan || !result.value || saving.value) return;
    saving.value = true;
    cancellingReport.value = false;
    reportNotice.value = null;
    reportError.value = null;
    reportJob.value = null;
    cancelOnStart = false;
    try {
      // The issues of the import that gave this plan fill « Lignes écartées ».
      const imported = planStore.loadedImport;
      const buyerName = choice.buyerName.trim();
      const comparison = useCompareStore().request;
      const everySheet =
        choice.format === 'xlsx' && SHEET_IDS.every((id) => choice.sheets.includes(id));
      reportJob.value = await call('report:start', {
        plan,
        match: result.value,
        ...(imported && { issues: imported.issues, rowsRead: imported.rowsRead }),
        shortlist: shortlist.value.map((e) => ({
          needId: e.needId,
          supplierId: e.supplierId,
        })),
        // Every sheet ticked: the services write those the report has data for.
        ...(!everySheet && { sheets: [...choice.sheets] }),
        format: choice.format,
        ...(buyerName !== '' && { buyerName }),
        // The suppliers picked for comparison fill « Comparaison ».
        ...(comparison && { comparison }),
      });
      // « Annuler » pressed before the services answered: cancel now.
      if (cancelOnStart) reportJob.value = await call('report:cancel');
      while (reportJob.value.status === 'running') {
        await sleep(REPORT_POLL_MS);
        reportJob.value = await call('report:state');
      }
      const end = reportJob.value;
      if (end.status === 'done') {
        downloadPayload(await call('report:result'));
        reportNotice.value = { kind: 'info', text: end.message };
      } else if (end.status === 'cancelled') {
        reportNotice.value = { kind: 'warning', text: end.message };
      } else {
        reportError.value = end.message;
      }
    } catch (error) {
      reportError.value = reportFailure(error);
    } finally {
      saving.value = false;
      cancellingReport.value = false;
    }
  }

  /** Stops the report being written; saveReport then says it was cancelled. */
  async function cancelReport(): Promise<void> {
    cancellingReport.value = true;
    if (reportJob.value === null) {
      cancelOnStart = true;
      return;
    }
    try {
      reportJob.value = await call('report:cancel');
    } catch (error) {
      cancellingReport.value = false;
      reportError.value = reportFailure(error);
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
    keptByNeed,
    run,
    runWithWeights,
    whyNot,
    loadShortlist,
    isKept,
    setKept,
    reportJob,
    reportNotice,
    reportError,
    cancellingReport,
    saveReport,
    cancelReport,
  };
});
