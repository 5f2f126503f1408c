/** Checks the options and needs of a match:run request before matching. */
import type { BuyerKind } from '../../shared/law/procedure-types';
import type { MatchOptions, Plan, ScoreWeights } from '../../shared/model';
import { UserError } from './user-error';

/** Most candidates per need a request may ask for. */
export const MAX_TOP_N = 100;
/** Longest distance a request may give, km (mainland France is ~1,000 km wide). */
export const MAX_DISTANCE_KM = 1000;

const WEIGHT_KEYS: readonly (keyof ScoreWeights)[] = [
  'sector',
  'labels',
  'distance',
  'capacity',
];

/** The value as the person typed it, for messages. */
function shown(value: unknown): string {
  return typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
}

function refuse(option: string, value: unknown, rule: string): never {
  throw new UserError(`Option « ${option} » : « ${shown(value)} » ${rule}.`);
}

/** topN: an integer from 1 to MAX_TOP_N. */
export function checkTopN(value: unknown, option = 'topN'): number {
  if (
    typeof value !== 'number' ||
    !Number.isInteger(value) ||
    value < 1 ||
    value > MAX_TOP_N
  ) {
    refuse(option, value, `doit être un nombre entier entre 1 et ${MAX_TOP_N}`);
  }
  return value;
}

/** A distance in km: a number above 0 and at most MAX_DISTANCE_KM. */
export function checkDistanceKm(value: unknown, option: string): number {
  if (
    typeof value !== 'number' ||
    !Number.isFinite(value) ||
    value <= 0 ||
    value > MAX_DISTANCE_KM
  ) {
    refuse(
      option,
      value,
      `doit être une distance en km supérieure à 0 et d’au plus ${MAX_DISTANCE_KM}`,
    );
  }
  return value;
}

/** Lowest and highest road factor a request may give (road km ÷ crow-flies km). */
export const MIN_ROAD_FACTOR = 1;
export const MAX_ROAD_FACTOR = 3;

/** roadFactor: a number from 1 (as the crow flies) to 3. */
export function checkRoadFactor(value: unknown): number {
  if (
    typeof value !== 'number' ||
    !Number.isFinite(value) ||
    value < MIN_ROAD_FACTOR ||
    value > MAX_ROAD_FACTOR
  ) {
    refuse(
      'roadFactor',
      value,
      `doit être un coefficient routier entre ${MIN_ROAD_FACTOR} et ${MAX_ROAD_FACTOR} ` +
        '(1 : à vol d’oiseau ; 1,3 : usuel en France)',
    );
  }
  return value;
}

/** buyerKind: 'etat' or 'collectivite'. */
export function checkBuyerKind(value: unknown): BuyerKind {
  if (value !== 'etat' && value !== 'collectivite') {
    refuse(
      'buyerKind',
      value,
      'doit être « etat » (services de l’État) ou « collectivite » (collectivités ' +
        'territoriales)',
    );
  }
  return value;
}

function checkWeights(weights: unknown, merged: ScoreWeights): void {
  if (weights === undefined) return;
  if (weights === null || typeof weights !== 'object' || Array.isArray(weights)) {
    refuse(
      'weights',
      weights,
      'doit donner les pondérations sector, labels, distance, capacity',
    );
  }
  for (const key of WEIGHT_KEYS) {
    const value = (weights as Record<string, unknown>)[key];
    if (value === undefined) continue;
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      refuse(`weights.${key}`, value, 'doit être un nombre positif ou nul');
    }
  }
  const sum = WEIGHT_KEYS.reduce((total, key) => total + merged[key], 0);
  if (!(sum > 0)) {
    refuse('weights', weights, 'doit avoir une somme des pondérations supérieure à 0');
  }
}

/**
 * Checks the options a caller sent (over IPC or HTTP, so any JSON) and the
 * defaults they were merged with; throws a French UserError naming the option.
 */
export function checkMatchOptions(sent: unknown, merged: MatchOptions): void {
  if (sent === undefined || sent === null) return;
  if (typeof sent !== 'object' || Array.isArray(sent)) {
    throw new UserError('Les options du rapprochement doivent être un objet.');
  }
  const options = sent as Record<string, unknown>;
  if (options['topN'] !== undefined) checkTopN(options['topN']);
  if (options['defaultMaxDistanceKm'] !== undefined) {
    checkDistanceKm(options['defaultMaxDistanceKm'], 'defaultMaxDistanceKm');
  }
  checkWeights(options['weights'], merged.weights);
  if (options['roadFactor'] !== undefined) checkRoadFactor(options['roadFactor']);
  if (options['buyerKind'] !== undefined) checkBuyerKind(options['buyerKind']);
}

function isCoordinate(value: unknown, limit: number): boolean {
  return typeof value === 'number' && Number.isFinite(value) && Math.abs(value) <= limit;
}

/** Each need is an object whose place, when set, has real coordinates. */
export function checkNeedPlaces(plan: Plan): void {
  plan.needs.forEach((need: unknown, index) => {
    const n = need as Plan['needs'][number] | null;
    const name = `Besoin n° ${index + 1}`;
    if (!n || typeof n !== 'object') {
      throw new UserError(
        `${name} du plan reçu est incomplet : importez le plan à nouveau.`,
      );
    }
    const place: unknown = n.place;
    if (place === null || place === undefined) return;
    const p = place as { lat?: unknown; lon?: unknown; label?: unknown };
    if (
      typeof place !== 'object' ||
      !isCoordinate(p.lat, 90) ||
      !isCoordinate(p.lon, 180)
    ) {
      const title = typeof n.title === 'string' ? ` « ${n.title} »` : '';
      throw new UserError(
        `${name}${title} : le lieu de livraison a des coordonnées invalides ` +
          `(latitude « ${shown(p.lat)} », longitude « ${shown(p.lon)} ») ; ` +
          'choisissez à nouveau le lieu.',
      );
    }
  });
}
