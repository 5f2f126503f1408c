/** Score weights the buyer saves under a name and picks again (issue 5, point 4). */
import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { ScoreWeights } from '../../../shared/model';
import type { WeightPreset } from '../../../shared/plan/weight-presets';
import { call } from '../api/client';
import { useErrorStore } from './error-store';

/** The saved presets, built-in ones first, as the services list them. */
export const usePresetsStore = defineStore('presets', () => {
  const presets = ref<WeightPreset[]>([]);
  const loaded = ref(false);
  /** Set when the services cannot list presets yet: the panel says so instead of failing. */
  const unavailable = ref<string | null>(null);
  const errors = useErrorStore();

  async function load(): Promise<void> {
    try {
      presets.value = await call('presets:list');
      unavailable.value = null;
    } catch (error) {
      presets.value = [];
      unavailable.value = error instanceof Error ? error.message : String(error);
    } finally {
      loaded.value = true;
    }
  }

  /** Saves `weights` under `name` (replacing the preset `id` when given); answers its id. */
  async function save(
    name: string,
    weights: ScoreWeights,
    id?: string,
  ): Promise<string | null> {
    try {
      presets.value = await call('presets:save', {
        ...(id && { id }),
        name,
        weights: { ...weights },
      });
      return presets.value.find((p) => p.name === name)?.id ?? null;
    } catch (error) {
      errors.report(error);
      return null;
    }
  }

  async function remove(id: string): Promise<void> {
    try {
      presets.value = await call('presets:delete', id);
    } catch (error) {
      errors.report(error);
    }
  }

  return { presets, loaded, unavailable, load, save, remove };
});
