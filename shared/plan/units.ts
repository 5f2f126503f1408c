/**
 * Units of a need's quantity as buyers write them (« kg », « litres », « repas »,
 * « m² »…), each with its kind of quantity, its factor to the kind's canonical
 * unit and its UN/CEFACT Recommendation 20 code.
 */
import { foldText } from '../text/fold-text';
import { parseFrenchNumber } from './parse-french-number';
import { parsePeriod, type PeriodParse } from './parse-frequency';
import type { CellValue } from './sheet';

/** What a quantity measures; needs of different kinds never add up. */
export type QuantityKind =
  'mass' | 'volume' | 'count' | 'meals' | 'hours' | 'days' | 'area' | 'distance';

/** A kind of quantity in a French sentence: « 10 L donne un volume ». */
export const QUANTITY_KIND_NAMES: Record<QuantityKind, string> = {
  mass: 'une masse',
  volume: 'un volume',
  count: 'un nombre d’unités',
  meals: 'un nombre de repas',
  hours: 'une durée en heures',
  days: 'une durée en jours',
  area: 'une surface',
  distance: 'une longueur',
};

/** The unit every quantity of a kind is converted to, with its Rec 20 code. */
export interface CanonicalUnit {
  code: string;
  symbol: string;
}

/**
 * Canonical unit per kind. Meals are counted in Q3 « meal » (Rec 20: a meal
 * is food eaten by one person at one sitting), not in C62, so that 300 meals
 * never add up with 300 pieces. Length is in metres like area in square
 * metres; distances in km convert to it.
 */
export const CANONICAL_UNITS: Record<QuantityKind, CanonicalUnit> = {
  mass: { code: 'KGM', symbol: 'kg' },
  volume: { code: 'LTR', symbol: 'L' },
  count: { code: 'C62', symbol: 'u' },
  meals: { code: 'Q3', symbol: 'repas' },
  hours: { code: 'HUR', symbol: 'h' },
  days: { code: 'DAY', symbol: 'j' },
  area: { code: 'MTK', symbol: 'm²' },
  distance: { code: 'MTR', symbol: 'm' },
};

/** One unit people write, and how it converts. */
export interface UnitDefinition {
  kind: QuantityKind;
  /** Rec 20 code of this unit itself (GRM for grams); null when it has none. */
  code: string | null;
  /** How many canonical units one of this unit is (0.001 for a gram). */
  factor: number;
  /** Short French name for messages: « g », « L », « repas ». */
  symbol: string;
  /** Folded spellings; plurals (« kilos », « plateaux repas ») are accepted. */
  names: readonly string[];
}

const unit = (
  kind: QuantityKind,
  code: string | null,
  factor: number,
  symbol: string,
  names: string[],
): UnitDefinition => ({ kind, code, factor, symbol, names });

/** Every unit recognised, with the Rec 20 codes checked against the code list. */
export const UNITS: readonly UnitDefinition[] = [
  unit('mass', 'KGM', 1, 'kg', ['kg', 'kilo', 'kilogramme', 'kgr']),
  unit('mass', 'GRM', 0.001, 'g', ['g', 'gr', 'gramme']),
  unit('mass', 'MGM', 0.000001, 'mg', ['mg', 'milligramme']),
  unit('mass', 'TNE', 1000, 't', ['t', 'tonne', 'tonne metrique']),
  unit('volume', 'LTR', 1, 'L', ['l', 'lt', 'ltr', 'litre']),
  unit('volume', 'MLT', 0.001, 'mL', ['millilitre']),
  unit('volume', 'CLT', 0.01, 'cL', ['cl', 'centilitre']),
  unit('volume', 'DLT', 0.1, 'dL', ['dl', 'decilitre']),
  unit('volume', 'HLT', 100, 'hL', ['hl', 'hectolitre']),
  unit('volume', 'MTQ', 1000, 'm³', ['m3', 'metre cube']),
  unit('count', 'C62', 1, 'u', [
    'u',
    'un',
    'unite',
    'unit',
    'exemplaire',
    'ex',
    'article',
  ]),
  unit('count', 'H87', 1, 'pièce', ['piece', 'pce', 'pc', 'pcs']),
  // A service counted by the occurrence: one intervention is one unit.
  unit('count', 'C62', 1, 'intervention', [
    'intervention',
    'passage',
    'prestation',
    'visite',
    'seance',
  ]),
  // A ream (500 sheets) is bought and counted as one.
  unit('count', 'RM', 1, 'ramette', ['ramette', 'rame']),
  unit('count', 'DZN', 12, 'douzaine', ['douzaine', 'dz', 'dzn']),
  unit('count', 'MIL', 1000, 'millier', ['millier']),
  unit('meals', 'Q3', 1, 'repas', ['repas', 'couvert', 'plateau repas']),
  unit('hours', 'HUR', 1, 'h', ['h', 'hr', 'hre', 'heure', 'heure d insertion']),
  unit('hours', 'MIN', 1 / 60, 'min', ['min', 'minute', 'mn']),
  unit('days', 'DAY', 1, 'j', ['j', 'jour', 'journee', 'jour ouvre']),
  unit('days', null, 0.5, 'demi-journée', ['demi journee', 'demi jour']),
  unit('area', 'MTK', 1, 'm²', ['m2', 'metre carre']),
  unit('area', 'ARE', 100, 'a', ['are']),
  unit('area', 'HAR', 10000, 'ha', ['ha', 'hectare']),
  unit('area', 'KMK', 1000000, 'km²', ['km2', 'kilometre carre']),
  unit('distance', 'MTR', 1, 'm', ['m', 'metre']),
  unit('distance', 'LM', 1, 'm linéaire', ['metre lineaire', 'mlin']),
  unit('distance', 'KMT', 1000, 'km', ['km', 'kilometre']),
  unit('distance', 'CMT', 0.01, 'cm', ['cm', 'centimetre']),
  unit('distance', 'MMT', 0.001, 'mm', ['mm', 'millimetre']),
];

const MILLILITRE = UNITS.find((u) => u.code === 'MLT') as UnitDefinition;
const LINEAR_METRE = UNITS.find((u) => u.code === 'LM') as UnitDefinition;

/** Each word without its plural mark: « plateaux repas » → « plateau repa ». */
function singular(folded: string): string {
  return folded
    .split(' ')
    .map((word) =>
      word.length >= 3 && word.endsWith('s')
        ? word.slice(0, -1)
        : word.length >= 4 && word.endsWith('x')
          ? word.slice(0, -1)
          : word,
    )
    .join(' ');
}

const BY_NAME = new Map<string, UnitDefinition>(
  UNITS.flatMap((u) => u.names.map((name) => [singular(name), u] as const)),
);

export type UnitParse =
  | { status: 'found'; unit: UnitDefinition }
  /** « ml »: millilitres in a kitchen, linear metres on a building site. */
  | { status: 'ambiguous'; units: UnitDefinition[] }
  | { status: 'unknown' };

/** Superscripts would fold away: « m² » must not become « m ». */
function withPlainDigits(text: string): string {
  return text.replace(/²/g, '2').replace(/³/g, '3');
}

/**
 * The unit a French spelling stands for, case and accents folded, plural
 * accepted. « mL » is millilitres; « ml » in any other case may be linear
 * metres as well, and is ambiguous.
 */
export function parseUnit(text: string): UnitParse {
  const trimmed = text.trim();
  if (trimmed === 'mL') return { status: 'found', unit: MILLILITRE };
  const key = singular(foldText(withPlainDigits(trimmed)));
  if (key === 'ml') return { status: 'ambiguous', units: [MILLILITRE, LINEAR_METRE] };
  const found = BY_NAME.get(key);
  return found ? { status: 'found', unit: found } : { status: 'unknown' };
}

/** A product free of binary noise: 0.1 × 3 gives 0.3, not 0.30000000000000004. */
function clean(value: number): number {
  return Number(value.toPrecision(12));
}

/** The quantity in its kind's canonical unit: 500 g → 0.5 (kg). */
export function toCanonical(quantity: number, from: UnitDefinition): number {
  return clean(quantity * from.factor);
}

/** The quantity over a year: per-period quantity times periods per year. */
export function annualise(quantity: number, timesPerYear: number): number {
  return clean(quantity * timesPerYear);
}

/** A quantity cell read: the number, and the unit and period written after it. */
export type QuantityCellParse =
  | {
      ok: true;
      value: number;
      /** « kg » in « 12 kg par semaine »; null when the cell is a bare number. */
      unitText: string | null;
      unit: UnitParse | null;
      /** « par semaine » in « 12 kg par semaine ». */
      periodText: string | null;
      period: PeriodParse | null;
    }
  | { ok: false; reason: 'not-a-number' | 'ambiguous' };

const NUMBER_THEN_WORDS = /^\s*([-+\u2212]?\d[\d \u00a0\u202f.,]*?)\s*([^\d\s.,].*)$/;

/**
 * Reads « 12 », « 12,5 kg », « 500 g/mois », « 12 kg par semaine »: the French
 * number, then the longest known unit, then a period. An unknown word after
 * the number is kept as the unit text, for the caller to report.
 */
export function parseQuantityCell(value: CellValue): QuantityCellParse {
  const whole = parseFrenchNumber(value);
  const bare = { unitText: null, unit: null, periodText: null, period: null };
  if (whole.ok) return { ok: true, value: whole.value, ...bare };
  const split = typeof value === 'string' ? NUMBER_THEN_WORDS.exec(value) : null;
  if (!split) return whole;
  const number = parseFrenchNumber((split[1] ?? '').trim());
  if (!number.ok) return number;

  const words = (split[2] ?? '').replace(/\//g, ' par ').trim().split(/\s+/);
  let fallback: QuantityCellParse | null = null;
  for (let k = words.length; k >= 0; k -= 1) {
    const unitText = words.slice(0, k).join(' ');
    const periodText = words.slice(k).join(' ');
    const period = periodText === '' ? null : parsePeriod(periodText);
    if (period && !period.ok && period.reason === 'unknown') continue;
    const unit = unitText === '' ? null : parseUnit(unitText);
    const read: QuantityCellParse = {
      ok: true,
      value: number.value,
      unitText: unitText === '' ? null : unitText,
      unit,
      periodText: periodText === '' ? null : periodText,
      period,
    };
    if (unit?.status !== 'unknown') return read;
    // An unknown unit is kept, with the period when one is recognised.
    if (fallback === null || period !== null) fallback = read;
  }
  return fallback ?? { ok: false, reason: 'not-a-number' };
}
