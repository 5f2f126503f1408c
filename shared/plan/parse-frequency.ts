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
