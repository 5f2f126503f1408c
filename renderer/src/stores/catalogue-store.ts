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
import { useErrorStore } from './error-store';

/** The search form as typed; empty strings mean « any ». */
export interface SearchForm {
  text: string;
  sectorId: number | '';
  label: LabelCode | '';
  kind: SupplierKind | '';
  near: string;
  radiusKm: number | '';
}

/** How many hits the table shows at most. */
const SEARCH_LIMIT = 200;

function toQuery(form: SearchForm): CatalogueQuery {
  const query: CatalogueQuery = { limit: SEARCH_LIMIT };
  if (form.text.trim()) query.text = form.text.trim();
  if (form.sectorId !== '') query.sectorId = form.sectorId;
  if (form.label) query.label = form.label;
  if (form.kind) query.kind = form.kind;
  if (form.near.trim()) {
    query.near = form.near.trim();
    if (form.radiusKm !== '') query.radiusKm = form.radiusKm;
  }
  return query;
}

/** Catalogue state and its two actions: load at start, search. */
export const useCatalogueStore = defineStore('catalogue', () => {
  const summary = ref<CatalogueSummary | null>(null);
  const sectors = ref<Sector[]>([]);
  const form = reactive<SearchForm>({
    text: '',
    sectorId: '',
    label: '',
    kind: '',
    near: '',
    radiusKm: 20,
  });
  const result = ref<CatalogueSearchResult | null>(null);
  const busy = ref(false);
  const errors = useErrorStore();

  async function load(): Promise<void> {
    try {
      [summary.value, sectors.value] = await Promise.all([
        call('catalogue:summary'),
        call('catalogue:sectors'),
      ]);
    } catch (error) {
      errors.report(error);
    }
  }

  async function search(): Promise<void> {
    busy.value = true;
    try {
      result.value = await call('catalogue:search', toQuery(form));
    } catch (error) {
      errors.report(error);
    } finally {
      busy.value = false;
    }
  }

  /** Searches again near one of the candidates of an ambiguous place. */
  async function searchNear(candidate: Place): Promise<void> {
    // The label (« Saint-Denis (93) ») resolves on its own; coordinates always do.
    const byLabel = await call('places:resolve', candidate.label).catch(() => null);
    form.near =
      byLabel?.status === 'found'
        ? candidate.label
        : `${candidate.lat}, ${candidate.lon}`;
    await search();
  }

  return { summary, sectors, form, result, busy, load, search, searchNear };
});
