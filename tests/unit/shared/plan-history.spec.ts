/** Undo and redo of the plan editor, and the changes a save sends. */
import { describe, expect, it } from 'vitest';
import {
  closeStep,
  HISTORY_LIMIT,
  planChanges,
  recordStep,
  redoStep,
  startHistory,
  undoStep,
  type PlanState,
} from '../../../shared/plan/plan-history';
import { makeNeed } from '../../helpers/make-need';

const a = makeNeed({ id: 'a', title: 'Repas' });
const b = makeNeed({ id: 'b', title: 'Nettoyage' });
const c = makeNeed({ id: 'c', title: 'Impression' });
const base: PlanState = { name: 'Plan 2026', buyer: 'Mairie', needs: [a, b, c] };

function withTitle(state: PlanState, id: string, title: string): PlanState {
  return {
    ...state,
    needs: state.needs.map((n) => (n.id === id ? { ...n, title } : n)),
  };
}

describe('plan history', () => {
  it('undoes and redoes an edit, a deletion and a move, in that order back', () => {
    const edited = withTitle(base, 'a', 'Repas bio');
    const deleted = { ...edited, needs: edited.needs.filter((n) => n.id !== 'b') };
    const moved = { ...deleted, needs: [deleted.needs[1]!, deleted.needs[0]!] };
    let h = startHistory(base);
    h = recordStep(h, edited);
    h = recordStep(h, deleted);
    h = recordStep(h, moved);
    expect(h.present.needs.map((n) => n.id)).toEqual(['c', 'a']);

    h = undoStep(h);
    expect(h.present).toBe(deleted);
    h = undoStep(h);
    expect(h.present.needs.map((n) => n.id)).toEqual(['a', 'b', 'c']);
    h = undoStep(h);
    expect(h.present).toBe(base);
    expect(undoStep(h)).toBe(h);

    h = redoStep(redoStep(h));
    expect(h.present).toBe(deleted);
    expect(h.future).toEqual([moved]);
  });

  it('merges the keystrokes of one field into one step, until the field is left', () => {
    let h = startHistory(base);
    h = recordStep(h, withTitle(base, 'a', 'R'), 'a:title');
    h = recordStep(h, withTitle(base, 'a', 'Re'), 'a:title');
    h = recordStep(h, withTitle(base, 'a', 'Rep'), 'a:title');
    expect(h.past).toEqual([base]);
    h = closeStep(h);
    h = recordStep(h, withTitle(h.present, 'a', 'Repa'), 'a:title');
    expect(h.past).toHaveLength(2);
    // Another field is another step even without leaving the first.
    h = recordStep(h, withTitle(h.present, 'b', 'N'), 'b:title');
    expect(h.past).toHaveLength(3);
    h = undoStep(undoStep(h));
    expect(h.present.needs[0]?.title).toBe('Rep');
  });

  it('drops what was undone when a new edit is made, and keeps at most the limit', () => {
    let h = startHistory(base);
    h = recordStep(h, withTitle(base, 'a', 'X'));
    h = undoStep(h);
    h = recordStep(h, withTitle(base, 'a', 'Y'));
    expect(h.future).toEqual([]);
    expect(redoStep(h)).toBe(h);

    for (let i = 0; i < HISTORY_LIMIT + 5; i += 1) {
      h = recordStep(h, withTitle(h.present, 'a', `T${i}`));
    }
    expect(h.past).toHaveLength(HISTORY_LIMIT);
  });
});

describe('changes to save', () => {
  it('is null when nothing changed, even for equal needs that are new objects', () => {
    expect(planChanges(base, base)).toBeNull();
    expect(
      planChanges(base, { ...base, needs: base.needs.map((n) => ({ ...n })) }),
    ).toBeNull();
  });

  it('sends the edited need whole, the removed id, the name, and no order', () => {
    const present = withTitle(
      { ...base, name: 'Plan 2027', needs: [a, c] },
      'c',
      'Impression recyclée',
    );
    expect(planChanges(base, present)).toEqual({
      upserts: [{ ...c, title: 'Impression recyclée' }],
      removals: ['b'],
      order: null,
      name: 'Plan 2027',
    });
  });

  it('sends no order for a need added last, and the order for one added first', () => {
    const d = makeNeed({ id: 'd' });
    expect(planChanges(base, { ...base, needs: [a, b, c, d] })?.order).toBeNull();
    expect(planChanges(base, { ...base, needs: [d, a, b, c] })).toEqual({
      upserts: [d],
      removals: [],
      order: ['d', 'a', 'b', 'c'],
    });
  });

  it('sends the new order of a move, and the buyer when it changed', () => {
    expect(planChanges(base, { ...base, buyer: 'CCAS', needs: [b, a, c] })).toEqual({
      upserts: [],
      removals: [],
      order: ['b', 'a', 'c'],
      buyer: 'CCAS',
    });
  });
});
