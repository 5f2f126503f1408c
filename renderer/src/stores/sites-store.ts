/**
 * The delivery sites of the open plan's buyer (issue 4, point 5), loaded
 * when the buyer changes, picked in a need's place cell or saved from it.
 */
import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { DeliverySite, SiteRequest } from '../../../shared/plan/delivery-sites';
import { call } from '../api/client';
import { useErrorStore } from './error-store';

/** Wait after the last keystroke in « Acheteur » before asking for its sites. */
const LOAD_DELAY_MS = 300;

export const useSitesStore = defineStore('sites', () => {
  const errors = useErrorStore();
  const buyer = ref('');
  const sites = ref<DeliverySite[]>([]);
  let timer: ReturnType<typeof setTimeout> | null = null;

  async function load(name: string): Promise<void> {
    buyer.value = name.trim();
    try {
      const found = await call('sites:list', buyer.value);
      // The buyer may have been retyped while the answer came.
      if (buyer.value === name.trim()) sites.value = found;
    } catch (error) {
      errors.report(error);
    }
  }

  /** The buyer's name changed: its sites are asked for once the typing pauses. */
  function followBuyer(name: string): void {
    if (timer) clearTimeout(timer);
    if (name.trim() === buyer.value) return;
    timer = setTimeout(() => void load(name), LOAD_DELAY_MS);
  }

  /** Saves a site; the French refusal is thrown to the caller, who shows it. */
  async function save(request: SiteRequest): Promise<DeliverySite[]> {
    const saved = await call('sites:save', request);
    buyer.value = request.buyer.trim();
    sites.value = saved;
    return saved;
  }

  async function remove(name: string): Promise<void> {
    try {
      sites.value = await call('sites:delete', { buyer: buyer.value, name });
    } catch (error) {
      errors.report(error);
    }
  }

  return { buyer, sites, load, followBuyer, save, remove };
});
