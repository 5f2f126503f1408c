import type { Need } from '../../shared/model';
import { emptyNeed } from '../../shared/plan/empty-need';

/**
 * A need with every optional field empty, for tests that only care about a few
 * fields. The defaults are those of a row that gives only a title: no place,
 * the default 50 km radius, no labels, no budget.
 */
export function makeNeed(fields: Partial<Need> & Pick<Need, 'id'>): Need {
  return { ...emptyNeed(fields.id, 50), title: fields.id, ...fields };
}
