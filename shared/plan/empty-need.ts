/** A need with nothing filled in yet, the starting point of one typed in the app. */
import type { Need } from '../model';

/** A need with only its id and radius: no title, place, quantity, codes or labels. */
export function emptyNeed(id: string, maxDistanceKm: number): Need {
  return {
    id,
    row: null,
    title: '',
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
    maxDistanceKm,
    requiredLabels: [],
    preferredLabels: [],
    budget: null,
  };
}
