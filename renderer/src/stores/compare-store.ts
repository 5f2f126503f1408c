/**
 * Suppliers picked for a side-by-side comparison, from any screen: at most
 * five, kept across reloads; the comparison itself and its workbook.
 */
import { defineStore } from 'pinia';
import { computed, ref, watch } from 'vue';
import {
  MAX_COMPARED,
  MIN_COMPARED,
  type ComparisonRequest,
  type SupplierComparison,
} from '../../../shared/compare/compare-suppliers';
import { call } from '../api/client';
import { downloadPayload } from '../files/file-payload';
import { useErrorStore } from './error-store';

/** Where the picked suppliers and the site are kept between sessions. */
const STORAGE_KEY = 'passerelle.compare';

/** A picked supplier: its id, and its name to show before the comparison loads. */
export interface PickedSupplier {
  id: string;
  name: string;
}

interface Kept {
  picked: PickedSupplier[];
  site: string;
}

function readKept(): Kept {
  const none: Kept = { picked: [], site: '' };
  try {
    const kept = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? 'null') as unknown;
    if (kept === null || typeof kept !== 'object') return none;
    const { picked, site } = kept as Partial<Kept>;
    const valid = Array.isArray(picked)
      ? picked.filter(
          (p): p is PickedSupplier =>
            typeof p?.id === 'string' && typeof p?.name === 'string',
        )
      : [];
    return {
      picked: valid.slice(0, MAX_COMPARED),
      site: typeof site === 'string' ? site : '',
    };
  } catch (error) {
    // Storage refused (private mode) or garbled: start with nothing picked.
    console.warn('[compare] kept suppliers unreadable', error);
    return none;
  }
}

/** The message when a sixth supplier is asked for. */
export function tooManyMessage(name: string): string {
  return (
    `« ${name} » n’est pas ajouté : la comparaison compte déjà ${MAX_COMPARED} ` +
    'fournisseurs, le maximum. Retirez-en un pour le remplacer.'
  );
}

export const useCompareStore = defineStore('compare', () => {
  const kept = readKept();
  const picked = ref<PickedSupplier[]>(kept.picked);
  /** The site as the buyer typed it. */
  const site = ref(kept.site);
  const comparison = ref<SupplierComparison | null>(null);
  const loading = ref(false);
  const saving = ref(false);
  /** Why the last pick was refused, in French; null when it was not. */
  const refusal = ref<string | null>(null);
  const errors = useErrorStore();

  watch(
    [picked, site],
    () => {
      try {
        const value: Kept = { picked: picked.value, site: site.value };
        localStorage.setItem(STORAGE_KEY, JSON.stringify(value));
      } catch (error) {
        console.warn('[compare] suppliers not kept', error);
      }
    },
    { deep: true },
  );

  const count = computed(() => picked.value.length);
  const canCompare = computed(() => count.value >= MIN_COMPARED);
  /** What the services are asked; undefined while fewer than two are picked. */
  const request = computed((): ComparisonRequest | undefined =>
    canCompare.value
      ? {
          supplierIds: picked.value.map((p) => p.id),
          ...(site.value.trim() ? { site: site.value.trim() } : {}),
        }
      : undefined,
  );

  function isPicked(id: string): boolean {
    return picked.value.some((p) => p.id === id);
  }

  /**
   * Adds a supplier; a sixth is refused with a French message in `refusal`,
   * never dropped silently. The « Comparer » clicked shows it beside itself
   * (a banner would stay on every screen, away from the click).
   */
  function add(id: string, name: string): boolean {
    if (isPicked(id)) return true;
    if (picked.value.length >= MAX_COMPARED) {
      refusal.value = tooManyMessage(name);
      return false;
    }
    refusal.value = null;
    picked.value.push({ id, name });
    comparison.value = null;
    return true;
  }

  function remove(id: string): void {
    picked.value = picked.value.filter((p) => p.id !== id);
    refusal.value = null;
    if (comparison.value) {
      const suppliers = comparison.value.suppliers.filter((s) => s.id !== id);
      comparison.value = canCompare.value ? { ...comparison.value, suppliers } : null;
    }
  }

  function toggle(id: string, name: string): void {
    if (isPicked(id)) remove(id);
    else add(id, name);
  }

  /** Asks the services for the comparison of the picked suppliers from the site. */
  async function load(): Promise<void> {
    const asked = request.value;
    if (!asked) {
      comparison.value = null;
      return;
    }
    loading.value = true;
    try {
      comparison.value = await call('compare:suppliers', asked);
    } catch (error) {
      errors.report(error);
    } finally {
      loading.value = false;
    }
  }

  /** The comparison's one-sheet workbook, offered as a download. */
  async function saveWorkbook(): Promise<void> {
    const asked = request.value;
    if (!asked) return;
    saving.value = true;
    try {
      downloadPayload(await call('compare:report', asked));
    } catch (error) {
      errors.report(error);
    } finally {
      saving.value = false;
    }
  }

  return {
    picked,
    site,
    comparison,
    loading,
    saving,
    refusal,
    count,
    canCompare,
    request,
    isPicked,
    add,
    remove,
    toggle,
    load,
    saveWorkbook,
  };
});
