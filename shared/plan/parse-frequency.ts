/** Reading how often a need recurs ("mensuel", "par mois", "hebdo"…). */
import type { Frequency } from '../model';
import { foldText } from '../text/fold-text';

const FREQUENCY_WORDS: Record<Frequency, string[]> = {
  once: ['ponctuel', 'ponctuelle', 'une fois', 'unique', 'achat unique', 'once'],
  weekly: [
    'hebdomadaire',
    'hebdo',
    'par semaine',
    'chaque semaine',
    'toutes les semaines',
    'semaine',
    'weekly',
  ],
  monthly: [
    'mensuel',
    'mensuelle',
    'par mois',
    'chaque mois',
    'tous les mois',
    'mois',
    'monthly',
  ],
  yearly: [
    'annuel',
    'annuelle',
    'par an',
    'par annee',
    'chaque annee',
    'tous les ans',
    'an',
    'annee',
    'yearly',
  ],
};

const BY_WORDS = new Map<string, Frequency>(
  Object.entries(FREQUENCY_WORDS).flatMap(([frequency, words]) =>
    words.map((w) => [w, frequency as Frequency] as const),
  ),
);

/** The Frequency a folded French word stands for, or null when unknown. */
export function parseFrequency(text: string): Frequency | null {
  return BY_WORDS.get(foldText(text)) ?? null;
}

/** Times a need counted per period happens in a year; "once" happens once. */
export const TIMES_PER_YEAR: Record<Frequency, number> = {
  once: 1,
  weekly: 52,
  monthly: 12,
  yearly: 1,
};

/** Periods with no Frequency of their own, counted by their times per year. */
const OTHER_PERIODS: [number, string[]][] = [
  [
    4,
    [
      'trimestriel',
      'trimestrielle',
      'par trimestre',
      'chaque trimestre',
      'tous les trimestres',
      'trimestre',
      'tous les trois mois',
    ],
  ],
  [
    2,
    [
      'semestriel',
      'semestrielle',
      'par semestre',
      'chaque semestre',
      'semestre',
      'tous les six mois',
      'deux fois par an',
    ],
  ],
  [6, ['bimestriel', 'bimestrielle', 'tous les deux mois']],
];

/**
 * « Par jour » does not say how many days a year count: working days, school
 * days (about 140) or every day (365) differ too much to pick one.
 */
const DAILY_WORDS = [
  'quotidien',
  'quotidienne',
  'journalier',
  'journaliere',
  'par jour',
  'chaque jour',
  'tous les jours',
  'jour',
  'daily',
];

const TIMES_BY_WORDS = new Map<string, number>(
  OTHER_PERIODS.flatMap(([times, words]) => words.map((w) => [w, times] as const)),
);

export type PeriodParse =
  | { ok: true; frequency: Frequency | null; timesPerYear: number }
  | { ok: false; reason: 'unknown' | 'daily' };

/**
 * How often a need recurs, as a Frequency when it is one (weekly ×52, monthly
 * ×12, yearly and once ×1) or as times per year alone (quarterly ×4,
 * half-yearly ×2, every two months ×6). Daily is refused with its reason.
 */
export function parsePeriod(text: string): PeriodParse {
  const frequency = parseFrequency(text);
  if (frequency !== null) {
    return { ok: true, frequency, timesPerYear: TIMES_PER_YEAR[frequency] };
  }
  const folded = foldText(text);
  const times = TIMES_BY_WORDS.get(folded);
  if (times !== undefined) return { ok: true, frequency: null, timesPerYear: times };
  return { ok: false, reason: DAILY_WORDS.includes(folded) ? 'daily' : 'unknown' };
}
