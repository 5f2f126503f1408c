/** Plan d'achats: import a file, keep the last good plan and the import report. */
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { ImportIssue, Plan, PlanImportResult } from '../../../shared/model';
import { call } from '../api/client';
import { downloadPayload, readFilePayload } from '../files/file-payload';
import { useErrorStore } from './error-store';

/** What the last import attempt gave, good or not. */
export interface ImportReport {
  fileName: string;
  rowsRead: number;
  imported: number;
  /** Rows read that gave no need (their reasons are in the issues). */
  rejected: number;
  issues: ImportIssue[];
  /** The whole file was refused; the plan loaded before it stays. */
  refused: boolean;
}

function isError(issue: ImportIssue): boolean {
  return issue.severity !== 'warning';
}

function reportOf(fileName: string, result: PlanImportResult): ImportReport {
  const imported = result.plan.needs.length;
  return {
    fileName,
    rowsRead: result.rowsRead,
    imported,
    // Every row read is either a need or reported in the issues.
    rejected: Math.max(0, result.rowsRead - imported),
    issues: result.issues,
    refused: false,
  };
}

/** Why a file gave no need at all: its file-level errors, or a pointer to the issues. */
function refusalMessage(fileName: string, issues: ImportIssue[]): string {
  const fileLevel = issues.filter((i) => isError(i) && (i.row === 0 || i.column === ''));
  return fileLevel.length > 0
    ? fileLevel.map((i) => i.message).join(' ')
    : `Aucune ligne du fichier « ${fileName} » n’a pu être importée : ` +
        'voyez les points à vérifier ci-dessous.';
}

/** The loaded plan; a failed import leaves it as it was. */
export const usePlanStore = defineStore('plan', () => {
  const plan = ref<Plan | null>(null);
  const report = ref<ImportReport | null>(null);
  const busy = ref(false);
  const errors = useErrorStore();
  const needCount = computed(() => plan.value?.needs.length ?? 0);

  async function importFile(file: File): Promise<void> {
    busy.value = true;
    try {
      const result = await call('plan:import', await readFilePayload(file));
      report.value = reportOf(file.name, result);
      if (result.plan.needs.length === 0 && result.issues.some(isError)) {
        // The whole file was refused (e.g. missing columns): keep the previous plan.
        errors.show(refusalMessage(file.name, result.issues));
        report.value.refused = true;
        return;
      }
      plan.value = result.plan;
      errors.clear();
    } catch (error) {
      errors.report(error);
    } finally {
      busy.value = false;
    }
  }

  async function downloadTemplate(format: 'xlsx' | 'csv'): Promise<void> {
    try {
      downloadPayload(await call('plan:template', format));
    } catch (error) {
      errors.report(error);
    }
  }

  /** The buyer picks one of an ambiguous place's candidates for a need. */
  function choosePlace(needId: string, candidateIndex: number): void {
    const need = plan.value?.needs.find((n) => n.id === needId);
    const candidate = need?.placeCandidates[candidateIndex];
    if (need && candidate) need.place = candidate;
  }

  return {
    plan,
    report,
    busy,
    needCount,
    importFile,
    downloadTemplate,
    choosePlace,
  };
});
