/** Score weights the buyer saves under a name (issue 5, point 4), and the shortlist. */
import type { ScoreWeights } from '../model';

export interface WeightPreset {
  id: string;
  name: string;
  weights: ScoreWeights;
  /** Presets shipped with Passerelle cannot be changed or deleted. */
  builtIn: boolean;
}

export interface WeightPresetRequest {
  /** Absent to create, set to replace a saved preset. */
  id?: string;
  name: string;
  weights: ScoreWeights;
}

/** A supplier the buyer keeps for a need of a stored plan, for the report. */
export interface ShortlistEntry {
  planId: string;
  needId: string;
  supplierId: string;
  /** ISO date-time when it was kept. */
  addedAt: string;
}

export interface ShortlistChange {
  planId: string;
  needId: string;
  supplierId: string;
  kept: boolean;
}
