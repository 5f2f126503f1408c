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
  /** French sentence when the file gave no need and the plan loaded before stays. */
  refusal: string | null;
}

/** The import that gave the loaded plan, for the report's « Lignes écartées ». */
export interface LoadedImport {
  rowsRead: number;
  issues: ImportIssue[];
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
    refusal: null,
  };
}

/** « Aucun besoin importé… »: what happened to the plan already loaded. */
function refusalText(fileName: string, hadPlan: boolean): string {
  const kept = hadPlan
    ? 'le plan déjà chargé est conservé.'
    : 'aucun plan d’achats n’est chargé.';
  return `Aucun besoin importé depuis « ${fileName} » : ${kept}`;
}

/** Why a file gave no need: its file-level errors, an empty table, or rejected rows. */
function refusalReason(fileName: string, result: PlanImportResult): string {
  const fileLevel = result.issues.filter(
    (i) => isError(i) && (i.row === 0 || i.column === ''),
  );
  if (fileLevel.length > 0) return fileLevel.map((i) => i.message).join(' ');
  if (result.rowsRead === 0) {
    return (
      `Le fichier « ${fileName} » ne contient aucune ligne de besoin sous la ` +
      'ligne d’en-tête : remplissez une ligne par achat prévu.'
    );
  }
  const rows =
    result.rowsRead > 1
      ? `Aucune des ${result.rowsRead} lignes lues n’a pu être importée`
      : 'La seule ligne lue n’a pas pu être importée';
  return `${rows} : voyez les points à vérifier sous le résumé de l’import.`;
}

/** The loaded plan; an import that gives no need leaves it as it was. */
export const usePlanStore = defineStore('plan', () => {
  const plan = ref<Plan | null>(null);
  const loadedImport = ref<LoadedImport | null>(null);
  const report = ref<ImportReport | null>(null);
  const busy = ref(false);
  const errors = useErrorStore();
  const needCount = computed(() => plan.value?.needs.length ?? 0);

  async function importFile(file: File): Promise<void> {
    busy.value = true;
    try {
      const result = await call('plan:import', await readFilePayload(file));
      report.value = reportOf(file.name, result);
      if (result.plan.needs.length === 0) {
        // An empty plan would only hide the one the buyer was working on.
        report.value.refusal = refusalText(file.name, plan.value !== null);
        errors.show(refusalReason(file.name, result));
        return;
      }
      plan.value = result.plan;
      loadedImport.value = { rowsRead: result.rowsRead, issues: result.issues };
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
    loadedImport,
    report,
    busy,
    needCount,
    importFile,
    downloadTemplate,
    choosePlace,
  };
});
