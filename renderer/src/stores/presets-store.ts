/** Score weights the buyer saves under a name and picks again (issue 5, point 4). */
import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { ScoreWeights } from '../../../shared/model';
import type { WeightPreset } from '../../../shared/plan/weight-presets';
import { ApiError } from '../api/api-error';
import { call } from '../api/client';
import { useErrorStore } from './error-store';

/** The services' French message; anything unexpected gets a generic one. */
function messageOf(error: unknown): string {
  return error instanceof ApiError
    ? error.message
    : 'Le jeu de pondérations n’a pas pu être enregistré (erreur inattendue).';
}

/** The saved presets, built-in ones first, as the services list them. */
export const usePresetsStore = defineStore('presets', () => {
  const presets = ref<WeightPreset[]>([]);
  const loaded = ref(false);
  /** Set when the services cannot list presets yet: the panel says so instead of failing. */
  const unavailable = ref<string | null>(null);
  /** The French reason the last save or delete failed, shown beside the panel. */
  const problem = ref<string | null>(null);
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
    problem.value = null;
    try {
      presets.value = await call('presets:save', {
        ...(id && { id }),
        name,
        weights: { ...weights },
      });
      return presets.value.find((p) => p.name === name)?.id ?? null;
    } catch (error) {
      problem.value = messageOf(error);
      errors.report(error);
      return null;
    }
  }

  async function remove(id: string): Promise<void> {
    problem.value = null;
    try {
      presets.value = await call('presets:delete', id);
    } catch (error) {
      problem.value = messageOf(error);
      errors.report(error);
    }
  }

  return { presets, loaded, unavailable, problem, load, save, remove };
});
