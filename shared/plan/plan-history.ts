/**
 * Undo and redo for the plan editor (issue 4, point 7), and what changed
 * between the plan last saved and the plan shown. Plan states are never
 * mutated: an edit makes a new state sharing the needs it did not touch, so
 * a history of whole states costs one array per step.
 */
import type { Need } from '../model';
import type { PlanChanges } from './stored-plans';

/** What the buyer edits in a plan, and what undo brings back. */
export interface PlanState {
  name: string;
  buyer: string;
  needs: readonly Need[];
}

/** The states before the present, the present, and those undone. */
export interface PlanHistory {
  past: readonly PlanState[];
  present: PlanState;
  future: readonly PlanState[];
  /**
   * What the last step edited (« need-3:title »): a next step with the same
   * key replaces it, so that typing a word is undone in one go.
   */
  mergeKey: string | null;
}

/** Steps kept before the oldest is forgotten. */
export const HISTORY_LIMIT = 200;

/** A history with nothing to undo. */
export function startHistory(present: PlanState): PlanHistory {
  return { past: [], present, future: [], mergeKey: null };
}

/**
 * The history after an edit: the present becomes undoable (unless the edit
 * continues the last one, same `mergeKey`), and what was undone is dropped.
 */
export function recordStep(
  history: PlanHistory,
  next: PlanState,
  mergeKey: string | null = null,
): PlanHistory {
  if (next === history.present) return history;
  const merge = mergeKey !== null && mergeKey === history.mergeKey;
  const past = merge ? history.past : [...history.past, history.present];
  return {
    past: past.length > HISTORY_LIMIT ? past.slice(past.length - HISTORY_LIMIT) : past,
    present: next,
    future: [],
    mergeKey,
  };
}

/** The history with the next edit starting a step of its own (a field left). */
export function closeStep(history: PlanHistory): PlanHistory {
  return history.mergeKey === null ? history : { ...history, mergeKey: null };
}

/** Back one step; the same history when there is nothing to undo. */
export function undoStep(history: PlanHistory): PlanHistory {
  const previous = history.past.at(-1);
  if (!previous) return history;
  return {
    past: history.past.slice(0, -1),
    present: previous,
    future: [history.present, ...history.future],
    mergeKey: null,
  };
}

/** Forward one undone step; the same history when nothing was undone. */
export function redoStep(history: PlanHistory): PlanHistory {
  const [next, ...rest] = history.future;
  if (!next) return history;
  return {
    past: [...history.past, history.present],
    present: next,
    future: rest,
    mergeKey: null,
  };
}

function sameNeed(a: Need | undefined, b: Need): boolean {
  return a === b || (a !== undefined && JSON.stringify(a) === JSON.stringify(b));
}

/**
 * What to send to `plans:save` to turn the saved state into `present`, or
 * null when they are the same. The store appends added needs in the order
 * sent and keeps the others in place, so the new order is sent only when
 * that would not give the order shown.
 */
export function planChanges(
  saved: PlanState,
  present: PlanState,
): Omit<PlanChanges, 'planId' | 'baseRevision'> | null {
  const before = new Map(saved.needs.map((need) => [need.id, need]));
  const kept = new Set(present.needs.map((need) => need.id));
  const upserts = present.needs.filter((need) => !sameNeed(before.get(need.id), need));
  const removals = saved.needs.filter((need) => !kept.has(need.id)).map((n) => n.id);
  const stored = [
    ...saved.needs.filter((need) => kept.has(need.id)).map((need) => need.id),
    ...upserts.filter((need) => !before.has(need.id)).map((need) => need.id),
  ];
  const shown = present.needs.map((need) => need.id);
  const order = stored.join('\n') === shown.join('\n') ? null : shown;
  const changes: Omit<PlanChanges, 'planId' | 'baseRevision'> = {
    upserts,
    removals,
    order,
  };
  if (present.name !== saved.name) changes.name = present.name;
  if (present.buyer !== saved.buyer) changes.buyer = present.buyer;
  const nothing =
    upserts.length === 0 &&
    removals.length === 0 &&
    order === null &&
    changes.name === undefined &&
    changes.buyer === undefined;
  return nothing ? null : changes;
}
