/**
 * The match options a buyer types on the results screen (score weights, road
 * factor), read as French decimal numbers and refused in French otherwise.
 */

/** The same bound as saved presets (main/services/plans/presets-store.ts). */
export const MAX_WEIGHT = 100;
export const MIN_ROAD_FACTOR = 1;
export const MAX_ROAD_FACTOR = 3;

/** Digits with optional comma or point decimals: « 12 », « 12,5 », « 1.3 ». */
const FRENCH_DECIMAL = /^\d+(?:[.,]\d+)?$/;

/** A parsed value or the French reason it is refused. */
export type Parsed<T> = { value: T } | { problem: string };

/**
 * The number written in `text` (spaces, including French thousands spaces,
 * ignored), or null when it is not a plain decimal: « 0x10 », « 1e3 »,
 * « -2 », « 1,2,3 » are not.
 */
export function readFrenchDecimal(text: string): number | null {
  const compact = text.replace(/[\s\u00a0\u202f]/g, '');
  if (!FRENCH_DECIMAL.test(compact)) return null;
  return Number(compact.replace(',', '.'));
}

/** One score weight, from 0 to 100 points; `label` names the field. */
export function parseWeight(label: string, text: string): Parsed<number> {
  const value = readFrenchDecimal(text);
  if (value === null || value > MAX_WEIGHT) {
    return {
      problem:
        `Pondération « ${label} » : « ${text.trim()} » n’est pas un nombre de points ` +
        `de 0 à ${MAX_WEIGHT} (chiffres, décimales après une virgule).`,
    };
  }
  return { value };
}

/**
 * The road factor (road km ÷ km as the crow flies), from 1 to 3; empty means
 * none (null): distances as the crow flies.
 */
export function parseRoadFactor(text: string): Parsed<number | null> {
  if (text.trim() === '') return { value: null };
  const value = readFrenchDecimal(text);
  if (value === null || value < MIN_ROAD_FACTOR || value > MAX_ROAD_FACTOR) {
    return {
      problem:
        `Facteur routier : « ${text.trim()} » n’est pas un coefficient de ` +
        `${MIN_ROAD_FACTOR} à ${MAX_ROAD_FACTOR} (1 : à vol d’oiseau ; 1,3 : usuel ` +
        'en France).',
    };
  }
  return { value };
}

/** Weights as « 20/20/80/10 » in the order secteur, labels, distance, capacité. */
export function weightsLine(
  weights: { sector: number; labels: number; distance: number; capacity: number },
  format: (value: number) => string,
): string {
  return [weights.sector, weights.labels, weights.distance, weights.capacity]
    .map(format)
    .join('/');
}
