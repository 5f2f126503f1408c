/**
 * Importing a plan file whose columns are not all recognised with
 * confidence: the services' preview first, then the buyer's mapping of each
 * header (kept by the services for files with the same headers), then the
 * import itself, handed to the plan store.
 */
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { FilePayload } from '../../../shared/ipc';
import { chooseColumnMapping } from '../../../shared/plan/column-mapping';
import type { ColumnPreview } from '../../../shared/plan/column-preview';
import type { PlanColumnKey } from '../../../shared/plan/plan-columns';
import { call } from '../api/client';
import { readFilePayload } from '../files/file-payload';
import { useErrorStore } from './error-store';
import { usePlanStore } from './plan-store';

/** A file waiting for the buyer to say what its columns hold. */
export interface ColumnQuestion {
  file: FilePayload;
  preview: ColumnPreview;
  /** The column chosen for each header cell, null to ignore it. */
  choice: (PlanColumnKey | null)[];
}

export const useColumnMappingStore = defineStore('column-mapping', () => {
  const errors = useErrorStore();
  const planStore = usePlanStore();
  const question = ref<ColumnQuestion | null>(null);
  const busy = ref(false);

  /** Why the current choice cannot be imported yet, in French; null when it can. */
  const problem = computed<string | null>(() => {
    const q = question.value;
    if (!q) return null;
    const headers = q.preview.proposal.columns.map((c) => c.header);
    const checked = chooseColumnMapping(headers, q.choice, new Date());
    return checked.ok ? null : checked.message;
  });

  /** Imports a plan file, asking first for its columns when the services are unsure. */
  async function importFile(file: File): Promise<void> {
    busy.value = true;
    question.value = null;
    try {
      await planStore.flush();
      const payload = await readFilePayload(file);
      const preview = await call('plan:preview-columns', payload);
      if (preview.askMapping) {
        const choice = preview.proposal.columns.map((c) => c.key);
        question.value = { file: payload, preview, choice };
        return;
      }
      await planStore.acceptImport(file.name, await call('plan:import', payload));
    } catch (error) {
      errors.report(error);
    } finally {
      busy.value = false;
    }
  }

  function choose(index: number, key: PlanColumnKey | null): void {
    const q = question.value;
    if (!q) return;
    const choice = [...q.choice];
    choice[index] = key;
    question.value = { ...q, choice };
  }

  /** Imports with the columns chosen; the services keep them for the same headers. */
  async function confirm(): Promise<void> {
    const q = question.value;
    if (!q || problem.value !== null) return;
    busy.value = true;
    try {
      const result = await call('plan:import-mapped', {
        file: q.file,
        columns: q.choice,
      });
      question.value = null;
      await planStore.acceptImport(q.file.name, result);
    } catch (error) {
      errors.report(error);
    } finally {
      busy.value = false;
    }
  }

  function cancel(): void {
    question.value = null;
  }

  return { question, busy, problem, importFile, choose, confirm, cancel };
});
