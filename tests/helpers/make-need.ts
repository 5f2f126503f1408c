import type { Need } from '../../shared/model';

/**
 * A need with every optional field empty, for tests that only care about a few
 * fields. The defaults are those of a row that gives only a title: no place,
 * the default 50 km radius, no labels, no budget.
 */
export function makeNeed(fields: Partial<Need> & Pick<Need, 'id'>): Need {
  return {
    row: null,
    title: fields.id,
    cpv: null,
    sector: null,
    sectorIds: [],
    keywords: [],
    quantity: null,
    unit: null,
    frequency: null,
    quantityKind: null,
    unitCode: null,
    normalizedQuantity: null,
    timesPerYear: null,
    annualQuantity: null,
    date: null,
    placeText: '',
    place: null,
    placeCandidates: [],
    maxDistanceKm: 50,
    requiredLabels: [],
    preferredLabels: [],
    budget: null,
    ...fields,
  };
}
