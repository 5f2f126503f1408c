/**
 * Plan d'achats: the stored plans, the one open in the editor with its undo
 * history, the fields typed but not readable yet, and the autosave that
 * sends what changed (`plans:save`) at most half a second after the last
 * keystroke, and at least every second while the buyer keeps typing.
 */
import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type {
  ImportIssue,
  Need,
  Place,
  Plan,
  PlanImportResult,
} from '../../../shared/model';
import {
  closeStep,
  planChanges,
  recordStep,
  redoStep,
  startHistory,
  undoStep,
  type PlanHistory,
  type PlanState,
} from '../../../shared/plan/plan-history';
import {
  readNeedField,
  type NeedField,
  type TypedNeedField,
} from '../../../shared/plan/need-problems';
import { emptyNeed } from '../../../shared/plan/empty-need';
import { combineSites, siteParts } from '../../../shared/plan/resolve-sites';
import type { StoredPlan, StoredPlanSummary } from '../../../shared/plan/stored-plans';
import { resolveSectorName } from '../../../shared/plan/resolve-sector-name';
import type { CpvSuggestion } from '../../../shared/plan/suggest-cpv';
import { call } from '../api/client';
import { ApiError } from '../api/api-error';
import { downloadPayload, readFilePayload } from '../files/file-payload';
import { useCatalogueStore } from './catalogue-store';
import { useErrorStore } from './error-store';

/** What the last import attempt gave, good or not. */
export interface ImportReport {
  fileName: string;
  rowsRead: number;
  imported: number;
  /** Rows read that gave no need (their reasons are in the issues). */
  rejected: number;
  issues: ImportIssue[];
  /** French sentence when the file gave no need and the plan open before stays. */
  refusal: string | null;
}

/** The import that gave the open plan, for the report's « Lignes écartées ». */
export interface LoadedImport {
  rowsRead: number;
  issues: ImportIssue[];
}

/** Text typed in a field that could not be read: kept shown until fixed. */
export interface FieldDraft {
  text: string;
  message: string;
}

/** Where the autosave stands, for the status the editor shows. */
export type SaveStatus =
  | { state: 'saved'; at: string }
  | { state: 'pending' }
  | { state: 'saving' }
  | { state: 'error'; message: string }
  /** Another window saved the plan: saving again would overwrite its work. */
  | { state: 'stale'; message: string };

/** The plan open in the editor, as the store last heard of it. */
interface OpenPlan {
  id: string;
  sourceFile: string | null;
  createdAt: string;
  revision: number;
  loadedImport: LoadedImport | null;
}

/** Longest wait after a keystroke, and longest time typing stays unsaved. */
const SAVE_DELAY_MS = 500;
const SAVE_MAX_WAIT_MS = 1000;

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

/** « Aucun besoin importé… »: what happened to the plan already open. */
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

function messageOf(error: unknown): string {
  return error instanceof ApiError
    ? error.message
    : 'L’enregistrement a échoué : réessayez dans un instant.';
}

/** A need typed in the app: empty but for the default distance. */
function newNeed(maxDistanceKm: number): Need {
  return emptyNeed(`need-${crypto.randomUUID()}`, maxDistanceKm);
}

const draftKey = (needId: string, field: NeedField): string => `${needId}:${field}`;

/** The stored plans and the one open in the editor. */
export const usePlanStore = defineStore('plan', () => {
  const errors = useErrorStore();
  const catalogue = useCatalogueStore();
  const plans = ref<StoredPlanSummary[]>([]);
  const open = shallowRef<OpenPlan | null>(null);
  const history = shallowRef<PlanHistory | null>(null);
  const report = ref<ImportReport | null>(null);
  const busy = ref(false);
  const drafts = ref<Record<string, FieldDraft>>({});
  const saveStatus = ref<SaveStatus | null>(null);
  /** Labels of the CPV codes seen, for the table to show beside each code. */
  const cpvLabels = ref<Record<string, string>>({});
  const suggestions = ref<Record<string, CpvSuggestion[]>>({});

  /** The state last acknowledged by the services. */
  let saved: PlanState | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let pendingSince: number | null = null;
  let inFlight: Promise<void> | null = null;

  const state = computed(() => history.value?.present ?? null);
  /** The open plan as the match and the report take it. */
  const plan = computed<Plan | null>(() =>
    open.value && state.value
      ? {
          name: state.value.name,
          sourceFile: open.value.sourceFile,
          importedAt: open.value.createdAt,
          needs: state.value.needs as Need[],
        }
      : null,
  );
  const loadedImport = computed(() => open.value?.loadedImport ?? null);
  const needCount = computed(() => state.value?.needs.length ?? 0);
  const canUndo = computed(() => (history.value?.past.length ?? 0) > 0);
  const canRedo = computed(() => (history.value?.future.length ?? 0) > 0);

  async function loadPlans(): Promise<void> {
    try {
      plans.value = await call('plans:list');
    } catch (error) {
      errors.report(error);
    }
  }

  function show(stored: StoredPlan): void {
    open.value = {
      id: stored.id,
      sourceFile: stored.sourceFile,
      createdAt: stored.createdAt,
      revision: stored.revision,
      loadedImport:
        stored.sourceFile === null && stored.rowsRead === 0
          ? null
          : { rowsRead: stored.rowsRead, issues: stored.importIssues },
    };
    saved = { name: stored.name, buyer: stored.buyer, needs: stored.needs };
    history.value = startHistory(saved);
    drafts.value = {};
    suggestions.value = {};
    saveStatus.value = { state: 'saved', at: stored.updatedAt };
    void learnCpvLabels(stored.needs);
  }

  async function learnCpvLabels(needs: readonly Need[]): Promise<void> {
    const codes = [...new Set(needs.map((n) => n.cpv))].filter(
      (code): code is string => code !== null && !(code in cpvLabels.value),
    );
    // Learnt together, so that the table shows them in one go.
    const learnt: Record<string, string> = {};
    for (const code of codes) {
      const checked = await call('plan:check-cpv', code).catch(() => null);
      if (checked?.ok) learnt[code] = checked.label;
    }
    if (codes.length > 0) cpvLabels.value = { ...cpvLabels.value, ...learnt };
  }

  /** Opens a stored plan, after saving the one open. */
  async function openPlan(planId: string): Promise<void> {
    await flush();
    try {
      show(await call('plans:get', planId));
      report.value = null;
    } catch (error) {
      errors.report(error);
    }
  }

  function closePlan(): void {
    open.value = null;
    history.value = null;
    saved = null;
    saveStatus.value = null;
  }

  async function createEmpty(): Promise<void> {
    await flush();
    try {
      show(await call('plans:create', { name: 'Nouveau plan', buyer: '' }));
      report.value = null;
      await loadPlans();
    } catch (error) {
      errors.report(error);
    }
  }

  async function duplicatePlan(planId: string): Promise<void> {
    await flush();
    const source = plans.value.find((p) => p.id === planId);
    try {
      show(
        await call('plans:duplicate', {
          planId,
          name: `${source?.name ?? 'Plan'} (copie)`,
        }),
      );
      await loadPlans();
    } catch (error) {
      errors.report(error);
    }
  }

  async function deletePlan(planId: string): Promise<void> {
    try {
      if (open.value?.id === planId) {
        if (timer) clearTimeout(timer);
        timer = null;
        closePlan();
      }
      plans.value = await call('plans:delete', planId);
    } catch (error) {
      errors.report(error);
    }
  }

  /** Imports a file into a new stored plan; a file that gives no need changes nothing. */
  async function importFile(file: File): Promise<void> {
    busy.value = true;
    try {
      await flush();
      const result = await call('plan:import', await readFilePayload(file));
      await acceptImport(file.name, result);
    } catch (error) {
      errors.report(error);
    } finally {
      busy.value = false;
    }
  }

  /** What an import read: a new stored plan, or the refusal when it gave no need. */
  async function acceptImport(fileName: string, result: PlanImportResult): Promise<void> {
    report.value = reportOf(fileName, result);
    if (result.plan.needs.length === 0) {
      // An empty plan would only hide the one the buyer was working on.
      report.value.refusal = refusalText(fileName, open.value !== null);
      errors.show(refusalReason(fileName, result));
      return;
    }
    const { name } = result.plan;
    show(await call('plans:create', { name, buyer: '', imported: result }));
    errors.clear();
    await loadPlans();
  }

  async function downloadTemplate(format: 'xlsx' | 'csv'): Promise<void> {
    try {
      downloadPayload(await call('plan:template', format));
    } catch (error) {
      errors.report(error);
    }
  }

  /** The open plan as a file (.xlsx or .csv in the template's layout, or OCDS JSON), saved first. */
  async function exportPlan(format: 'xlsx' | 'csv' | 'ocds'): Promise<void> {
    const target = open.value;
    if (!target) return;
    try {
      await flush();
      downloadPayload(await call('plans:export', { planId: target.id, format }));
    } catch (error) {
      errors.report(error);
    }
  }

  // ——— Editing: every change goes through `commit`, undoable and saved.

  function commit(next: PlanState, mergeKey: string | null = null): void {
    if (!history.value) return;
    history.value = recordStep(history.value, next, mergeKey);
    scheduleSave();
  }

  function replaceNeed(need: Need, mergeKey: string | null = null): void {
    const current = state.value;
    if (!current) return;
    commit(
      { ...current, needs: current.needs.map((n) => (n.id === need.id ? need : n)) },
      mergeKey,
    );
  }

  function needById(needId: string): Need | undefined {
    return state.value?.needs.find((n) => n.id === needId);
  }

  function setDraft(needId: string, field: NeedField, draft: FieldDraft | null): void {
    const key = draftKey(needId, field);
    // Every field shown reads the drafts: leave them alone when nothing changes.
    if (!draft && !(key in drafts.value)) return;
    const next = { ...drafts.value };
    if (draft) next[key] = draft;
    else delete next[key];
    drafts.value = next;
  }

  function draftOf(needId: string, field: NeedField): FieldDraft | null {
    return drafts.value[draftKey(needId, field)] ?? null;
  }

  /** A keystroke in a typed field: applied when readable, else kept as a draft. */
  function editField(needId: string, field: TypedNeedField, text: string): void {
    const need = needById(needId);
    if (!need) return;
    const read = readNeedField(need, field, text);
    if (!read.ok) {
      setDraft(needId, field, { text, message: read.message });
      return;
    }
    setDraft(needId, field, null);
    replaceNeed(read.need, draftKey(needId, field));
  }

  /** The buyer left a field: the next keystroke starts a new undo step. */
  function endTyping(): void {
    if (history.value) history.value = closeStep(history.value);
  }

  function editPlanName(field: 'name' | 'buyer', text: string): void {
    const current = state.value;
    if (!current) return;
    commit({ ...current, [field]: text }, `plan:${field}`);
  }

  /** A CPV code typed: checked by the services, its label kept to show. */
  async function editCpv(needId: string, text: string): Promise<void> {
    const typed = text.trim();
    if (typed === '') {
      setDraft(needId, 'cpv', null);
      const need = needById(needId);
      if (need && need.cpv !== null) replaceNeed({ ...need, cpv: null });
      return;
    }
    try {
      const checked = await call('plan:check-cpv', typed);
      const need = needById(needId);
      if (!need) return;
      if (!checked.ok) {
        setDraft(needId, 'cpv', { text, message: checked.message });
        return;
      }
      cpvLabels.value = { ...cpvLabels.value, [checked.code]: checked.label };
      setDraft(needId, 'cpv', null);
      if (need.cpv !== checked.code) replaceNeed({ ...need, cpv: checked.code });
    } catch (error) {
      setDraft(needId, 'cpv', { text, message: messageOf(error) });
    }
  }

  async function suggestCpv(needId: string): Promise<void> {
    const need = needById(needId);
    if (!need) return;
    const text = [need.title, ...need.keywords].join(' ').trim();
    if (text === '') {
      setDraft(needId, 'cpv', {
        text: draftOf(needId, 'cpv')?.text ?? '',
        message: 'Écrivez d’abord l’intitulé du besoin pour obtenir des suggestions.',
      });
      return;
    }
    try {
      const found = await call('plan:suggest-cpv', { text, limit: 5 });
      suggestions.value = { ...suggestions.value, [needId]: found };
    } catch (error) {
      errors.report(error);
    }
  }

  function chooseCpv(needId: string, suggestion: CpvSuggestion): void {
    const need = needById(needId);
    const next = { ...suggestions.value };
    delete next[needId];
    suggestions.value = next;
    if (!need) return;
    cpvLabels.value = { ...cpvLabels.value, [suggestion.code]: suggestion.label };
    setDraft(needId, 'cpv', null);
    replaceNeed({ ...need, cpv: suggestion.code });
  }

  /**
   * A sector typed or picked from the list, instead of (or beside) a CPV code:
   * read as the import reads it; an unknown or ambiguous name stays typed
   * with its reason.
   */
  function editSector(needId: string, text: string): void {
    const typed = text.trim();
    const need = needById(needId);
    if (!need || (typed === (need.sector ?? '') && !draftOf(needId, 'sector'))) return;
    if (typed === '') {
      setDraft(needId, 'sector', null);
      replaceNeed({ ...need, sector: null, sectorIds: [] });
      return;
    }
    const found = resolveSectorName(typed, catalogue.sectors);
    if (!found.ok) {
      const message =
        found.reason === 'ambiguous'
          ? `« ${typed} » désigne plusieurs secteurs (${found.sectors
              .map((s) => s.name)
              .join(' ; ')}) : choisissez-en un dans la liste.`
          : `Secteur « ${typed} » inconnu : choisissez un secteur dans la liste.`;
      setDraft(needId, 'sector', { text: typed, message });
      return;
    }
    setDraft(needId, 'sector', null);
    replaceNeed({ ...need, sector: found.sector.name, sectorIds: [found.sector.id] });
  }

  /**
   * A place typed: each site (« Harnes ; Lens ») resolved by the services as
   * on import; homonyms of the first wait for the buyer's choice.
   */
  async function editPlace(needId: string, text: string): Promise<void> {
    const typed = text.trim();
    const need = needById(needId);
    if (!need || (typed === need.placeText && !draftOf(needId, 'place'))) return;
    if (typed === '') {
      setDraft(needId, 'place', null);
      replaceNeed({
        ...need,
        placeText: '',
        place: null,
        additionalPlaces: [],
        placeCandidates: [],
      });
      return;
    }
    try {
      const parts = siteParts(typed);
      const resolutions = await Promise.all(
        parts.map((part) => call('places:resolve', part)),
      );
      const sites = combineSites(parts, resolutions);
      const current = needById(needId);
      if (!current) return;
      // A later ambiguous site has no pick list: the buyer writes its postcode.
      // The need keeps its saved place meanwhile: say the text is not saved.
      const refused = [...sites.errors, ...sites.leftOut];
      if (refused.length > 0) {
        setDraft(needId, 'place', {
          text,
          message: `Non enregistré : ${refused.join(' ')}`,
        });
        return;
      }
      setDraft(needId, 'place', null);
      replaceNeed({
        ...current,
        placeText: typed,
        place: sites.place,
        additionalPlaces: sites.additionalPlaces,
        placeCandidates: sites.placeCandidates,
      });
    } catch (error) {
      setDraft(needId, 'place', {
        text,
        message: `Non enregistré : ${messageOf(error)}`,
      });
    }
  }

  /** The buyer picks one of an ambiguous place's candidates for a need. */
  function choosePlace(needId: string, candidateIndex: number): void {
    const need = needById(needId);
    const candidate: Place | undefined = need?.placeCandidates[candidateIndex];
    if (need && candidate) replaceNeed({ ...need, place: candidate });
  }

  /** A saved delivery site picked for a need: its place as typed and its commune. */
  function placeAtSite(needId: string, site: { placeText: string; place: Place }): void {
    const need = needById(needId);
    if (!need) return;
    setDraft(needId, 'place', null);
    replaceNeed({
      ...need,
      placeText: site.placeText,
      place: site.place,
      additionalPlaces: [],
      placeCandidates: [],
    });
  }

  function addNeed(): string | null {
    const current = state.value;
    if (!current) return null;
    const need = newNeed(current.needs.at(-1)?.maxDistanceKm ?? 50);
    commit({ ...current, needs: [...current.needs, need] });
    return need.id;
  }

  function duplicateNeed(needId: string): void {
    const current = state.value;
    const index = current?.needs.findIndex((n) => n.id === needId) ?? -1;
    const source = current?.needs[index];
    if (!current || !source) return;
    const copy: Need = { ...source, id: `need-${crypto.randomUUID()}`, row: null };
    const needs = [...current.needs];
    needs.splice(index + 1, 0, copy);
    commit({ ...current, needs });
  }

  function moveNeed(needId: string, by: -1 | 1): void {
    const current = state.value;
    const index = current?.needs.findIndex((n) => n.id === needId) ?? -1;
    const target = index + by;
    if (!current || index < 0 || target < 0 || target >= current.needs.length) return;
    const needs = [...current.needs];
    [needs[index], needs[target]] = [needs[target] as Need, needs[index] as Need];
    commit({ ...current, needs });
  }

  function deleteNeed(needId: string): void {
    const current = state.value;
    if (!current) return;
    commit({ ...current, needs: current.needs.filter((n) => n.id !== needId) });
  }

  /** Drafts describe the fields as they were: a step back or forth drops them. */
  function undo(): void {
    if (!history.value || !canUndo.value) return;
    history.value = undoStep(history.value);
    drafts.value = {};
    scheduleSave();
  }

  function redo(): void {
    if (!history.value || !canRedo.value) return;
    history.value = redoStep(history.value);
    drafts.value = {};
    scheduleSave();
  }

  // ——— Autosave.

  function scheduleSave(): void {
    if (!open.value || saveStatus.value?.state === 'stale') return;
    const now = Date.now();
    pendingSince ??= now;
    if (saveStatus.value?.state !== 'saving') saveStatus.value = { state: 'pending' };
    if (timer) clearTimeout(timer);
    const wait = Math.min(
      SAVE_DELAY_MS,
      Math.max(0, pendingSince + SAVE_MAX_WAIT_MS - now),
    );
    timer = setTimeout(() => void flush(), wait);
  }

  /** Sends what changed since the last save, now; waits for a save under way. */
  async function flush(): Promise<void> {
    if (timer) clearTimeout(timer);
    timer = null;
    while (inFlight) await inFlight;
    const target = open.value;
    const present = state.value;
    if (!target || !present || !saved || saveStatus.value?.state === 'stale') return;
    const changes = planChanges(saved, present);
    pendingSince = null;
    if (!changes) {
      if (saveStatus.value?.state === 'pending') saveStatus.value = null;
      return;
    }
    inFlight = send(target, present, changes);
    try {
      await inFlight;
    } finally {
      inFlight = null;
    }
  }

  async function send(
    target: OpenPlan,
    present: PlanState,
    changes: NonNullable<ReturnType<typeof planChanges>>,
  ): Promise<void> {
    saveStatus.value = { state: 'saving' };
    try {
      const answer = await call('plans:save', {
        planId: target.id,
        baseRevision: target.revision,
        ...changes,
      });
      if (open.value?.id !== target.id) return;
      saved = present;
      open.value = { ...target, revision: answer.revision };
      plans.value = plans.value.map((summary) =>
        summary.id === target.id
          ? {
              ...summary,
              name: present.name,
              buyer: present.buyer,
              needCount: present.needs.length,
              updatedAt: answer.updatedAt,
              revision: answer.revision,
            }
          : summary,
      );
      const more = state.value !== present;
      saveStatus.value = more
        ? { state: 'pending' }
        : { state: 'saved', at: answer.updatedAt };
      if (more) scheduleSave();
    } catch (error) {
      saveStatus.value = { state: 'error', message: messageOf(error) };
      await checkStale(target);
    }
  }

  /** After a refused save: was it because another window saved the plan? */
  async function checkStale(target: OpenPlan): Promise<void> {
    try {
      const stored = await call('plans:get', target.id);
      if (stored.revision !== target.revision && open.value?.id === target.id) {
        saveStatus.value = {
          state: 'stale',
          message:
            'Ce plan a été modifié depuis une autre fenêtre : vos dernières ' +
            'modifications ne sont pas enregistrées. Rechargez-le pour continuer.',
        };
      }
    } catch {
      // The services do not answer: the error already shown says so.
    }
  }

  /** Drops what was not saved and shows the plan as stored. */
  async function reloadPlan(): Promise<void> {
    const target = open.value;
    if (!target) return;
    if (timer) clearTimeout(timer);
    timer = null;
    try {
      show(await call('plans:get', target.id));
    } catch (error) {
      errors.report(error);
    }
  }

  /** Tries the last refused save again. */
  function retrySave(): void {
    if (saveStatus.value?.state !== 'error') return;
    saveStatus.value = { state: 'pending' };
    void flush();
  }

  return {
    plans,
    plan,
    state,
    openPlanId: computed(() => open.value?.id ?? null),
    loadedImport,
    report,
    busy,
    needCount,
    drafts,
    saveStatus,
    cpvLabels,
    suggestions,
    canUndo,
    canRedo,
    loadPlans,
    openPlan,
    createEmpty,
    duplicatePlan,
    deletePlan,
    importFile,
    acceptImport,
    downloadTemplate,
    exportPlan,
    editField,
    endTyping,
    editPlanName,
    editCpv,
    suggestCpv,
    chooseCpv,
    editSector,
    editPlace,
    choosePlace,
    placeAtSite,
    draftOf,
    addNeed,
    duplicateNeed,
    moveNeed,
    deleteNeed,
    undo,
    redo,
    flush,
    reloadPlan,
    retrySave,
  };
});
