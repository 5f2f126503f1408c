/** Rapprochement: run the match on the loaded plan and save the Excel report. */
import { defineStore } from 'pinia';
import { ref, watch } from 'vue';
import type { MatchResult } from '../../../shared/model';
import { call } from '../api/client';
import { downloadPayload } from '../files/file-payload';
import { useErrorStore } from './error-store';
import { usePlanStore } from './plan-store';

/** The last match result, for the plan it was run on. */
export const useMatchStore = defineStore('match', () => {
  const result = ref<MatchResult | null>(null);
  const busy = ref(false);
  const saving = ref(false);
  const errors = useErrorStore();
  const planStore = usePlanStore();
  // A new plan, or a place picked for a need, makes the previous result stale.
  watch(
    () => planStore.plan,
    () => (result.value = null),
    { deep: true },
  );

  async function run(): Promise<void> {
    const plan = planStore.plan;
    if (!plan) {
      errors.show('Importez d’abord un plan d’achats (onglet « Plan d’achats »).');
      return;
    }
    busy.value = true;
    try {
      result.value = await call('match:run', { plan });
    } catch (error) {
      errors.report(error);
    } finally {
      busy.value = false;
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
        }),
      );
    } catch (error) {
      errors.report(error);
    } finally {
      saving.value = false;
    }
  }

  return { result, busy, saving, run, saveReport };
});
