/** Catalogue: its summary, sectors, the search form and the last search result. */
import { defineStore } from 'pinia';
import { reactive, ref } from 'vue';
import type {
  CatalogueQuery,
  CatalogueSearchResult,
  CatalogueSummary,
} from '../../../shared/ipc';
import type { LabelCode, Place, Sector, SupplierKind } from '../../../shared/model';
import { call } from '../api/client';
import { parseRadiusKm } from '../../../shared/format/parse-radius-km';
import { useErrorStore } from './error-store';

/** The search form as typed; empty strings mean « any ». */
export interface SearchForm {
  text: string;
  sectorId: number | '';
  label: LabelCode | '';
  kind: SupplierKind | '';
  near: string;
  /** As typed, decimal comma allowed; checked by parseRadiusKm before a search. */
  radiusKm: string;
}

/** How many hits the table shows at most. */
const SEARCH_LIMIT = 200;

/** The query to send, or the French message of a radius that cannot be used. */
function toQuery(form: SearchForm): { query: CatalogueQuery } | { radiusError: string } {
  const query: CatalogueQuery = { limit: SEARCH_LIMIT };
  if (form.text.trim()) query.text = form.text.trim();
  if (form.sectorId !== '') query.sectorId = form.sectorId;
  if (form.label) query.label = form.label;
  if (form.kind) query.kind = form.kind;
  // The radius only counts around a place, but a wrong one is said at once.
  const near = form.near.trim();
  if (near || form.radiusKm.trim()) {
    const radius = parseRadiusKm(form.radiusKm);
    if (!radius.ok) return { radiusError: radius.message };
    if (near) {
      query.near = near;
      query.radiusKm = radius.km;
    }
  }
  return { query };
}

/** Coordinates the French way, as the near field accepts them: « 50,45 ; 2,9 ». */
function frenchCoordinates(place: Place): string {
  const fr = (value: number): string => String(value).replace('.', ',');
  return `${fr(place.lat)} ; ${fr(place.lon)}`;
}

/** Catalogue state and its actions: load at start, search, refresh after a change. */
export const useCatalogueStore = defineStore('catalogue', () => {
  const summary = ref<CatalogueSummary | null>(null);
  const sectors = ref<Sector[]>([]);
  const form = reactive<SearchForm>({
    text: '',
    sectorId: '',
    label: '',
    kind: '',
    near: '',
    radiusKm: '20',
  });
  const result = ref<CatalogueSearchResult | null>(null);
  /** Why the typed radius was refused; no search is sent while it is set. */
  const radiusError = ref<string | null>(null);
  const busy = ref(false);
  /** The query of the result shown, searched again when the catalogue changes. */
  let shownQuery: CatalogueQuery | null = null;
  const errors = useErrorStore();

  /** Notices of the data already shown: each once, though the summary is read again. */
  const shownNotices = new Set<string>();

  async function load(): Promise<void> {
    try {
      [summary.value, sectors.value] = await Promise.all([
        call('catalogue:summary'),
        call('catalogue:sectors'),
      ]);
      for (const notice of summary.value.notices) {
        if (shownNotices.has(notice)) continue;
        shownNotices.add(notice);
        errors.show(notice);
      }
    } catch (error) {
      errors.report(error);
    }
  }

  async function search(): Promise<void> {
    const checked = toQuery(form);
    if ('radiusError' in checked) {
      radiusError.value = checked.radiusError;
      return;
    }
    radiusError.value = null;
    await runSearch(checked.query);
  }

  async function runSearch(query: CatalogueQuery): Promise<void> {
    busy.value = true;
    try {
      result.value = await call('catalogue:search', query);
      shownQuery = query;
    } catch (error) {
      errors.report(error);
    } finally {
      busy.value = false;
    }
  }

  /** After a sync or an import: the summary, the sectors and the result shown, read again. */
  async function refresh(): Promise<void> {
    await load();
    if (shownQuery) await runSearch(shownQuery);
  }

  /** Searches again near one of the candidates of an ambiguous place. */
  async function searchNear(candidate: Place): Promise<void> {
    // The label (« Saint-Denis (93) ») resolves on its own; coordinates always do.
    const byLabel = await call('places:resolve', candidate.label).catch(() => null);
    form.near =
      byLabel?.status === 'found' ? candidate.label : frenchCoordinates(candidate);
    await search();
  }

  return {
    summary,
    sectors,
    form,
    result,
    radiusError,
    busy,
    load,
    search,
    searchNear,
    refresh,
  };
});
