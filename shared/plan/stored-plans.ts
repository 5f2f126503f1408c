/**
 * Purchase plans kept in the local database (issue 4, point 7): several per
 * buyer, edited need by need, saved as the buyer types. The renderer sends
 * what changed since its last save (PlanChanges); the services apply it in
 * one transaction and persist it before answering, so that a crash or a
 * killed process loses at most the changes not yet sent.
 */
import type { ImportIssue, Need, Plan } from '../model';

/** A plan in the list of plans. */
export interface StoredPlanSummary {
  id: string;
  name: string;
  /** The buyer (organisation or service) the plan is for, as typed. */
  buyer: string;
  needCount: number;
  /** ISO date-times. */
  createdAt: string;
  updatedAt: string;
  /** File the plan was imported from, null when made in the app. */
  sourceFile: string | null;
  /** Bumped by every save: a save made on an older revision is refused. */
  revision: number;
}

/** A whole plan, its needs in the buyer's order. */
export interface StoredPlan extends StoredPlanSummary {
  needs: Need[];
  /** The issues of the import that made the plan (empty for a plan made in the app). */
  importIssues: ImportIssue[];
  /** Rows of the imported file read (0 for a plan made in the app). */
  rowsRead: number;
}

/** A new plan: from an import (its needs and report) or empty. */
export interface NewPlanRequest {
  name: string;
  buyer: string;
  /** The imported plan, with the report of its import; absent for an empty plan. */
  imported?: { plan: Plan; rowsRead: number; issues: ImportIssue[] };
}

/** What changed in a plan since the revision the renderer holds. */
export interface PlanChanges {
  planId: string;
  /** The revision these changes were made on (StoredPlanSummary.revision). */
  baseRevision: number;
  /** Needs added or changed, whole. */
  upserts: Need[];
  /** Ids of needs deleted. */
  removals: string[];
  /** Every need id in the new order, when the order changed (else null). */
  order: string[] | null;
  /** New name or buyer, when changed. */
  name?: string;
  buyer?: string;
}

/** What a save answers: the new revision and when it was written. */
export interface PlanSaved {
  planId: string;
  revision: number;
  updatedAt: string;
}
