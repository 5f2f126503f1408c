/**
 * French words for full-text search: folded (case, accents), stop words and
 * elided articles dropped (d’, l’, qu’), plurals and endings reduced to a
 * common stem with the Snowball French stemmer, so that « espaces verts »
 * meets « entretien d’espace vert » and « nettoyage des locaux » meets
 * « Nettoyage de locaux ».
 */
import { stemmer } from '@orama/stemmers/french';
import { foldText } from './fold-text';

/**
 * Articles, prepositions, conjunctions, pronouns and the letters left by an
 * elision once the apostrophe is a space (d’, l’, j’, m’, n’, s’, t’, c’, qu’).
 */
const STOP_WORDS = new Set(
  (
    'a au aux avec c ce ces d dans de des du en et j l la le les leur leurs m ' +
    'n ne nos notre ou par pour qu que qui s sa se ses son sur t un une vos votre'
  ).split(' '),
);

/** Stems already computed: a catalogue has a few thousand distinct words. */
const STEMS = new Map<string, string>();

/** Whether a folded word carries no meaning of its own (article, elision…). */
export function isStopWord(folded: string): boolean {
  return STOP_WORDS.has(folded);
}

/**
 * The stem of a folded word: a plural « s » dropped first (Snowball alone
 * leaves « electromenagers » and « electromenager » apart), then Snowball;
 * words with a digit (postcodes, codes) are kept whole.
 */
export function stemWord(folded: string): string {
  const known = STEMS.get(folded);
  if (known !== undefined) return known;
  let stem = folded;
  if (!/[0-9]/.test(folded)) {
    const singular =
      folded.length > 3 && folded.endsWith('s') && !folded.endsWith('ss')
        ? folded.slice(0, -1)
        : folded;
    stem = stemmer(singular);
  }
  STEMS.set(folded, stem);
  return stem;
}

/** The folded words of a text that carry meaning, in order (stop words dropped). */
export function meaningfulWords(text: string): string[] {
  const folded = foldText(text);
  if (folded === '') return [];
  return folded.split(' ').filter((w) => !STOP_WORDS.has(w));
}

/** The stems of the meaningful words of a text, in order, repeats kept. */
export function frenchStems(text: string): string[] {
  return meaningfulWords(text).map(stemWord);
}

/**
 * The words of `text` as written whose stem is in `stems`, first occurrence
 * of each stem: what an explanation quotes (« espace », « vert »).
 */
export function wordsWithStems(text: string, stems: ReadonlySet<string>): string[] {
  const found = new Map<string, string>();
  for (const written of text.match(/[\p{L}\p{N}]+/gu) ?? []) {
    for (const folded of foldText(written).split(' ')) {
      if (folded === '' || STOP_WORDS.has(folded)) continue;
      const stem = stemWord(folded);
      if (stems.has(stem) && !found.has(stem)) found.set(stem, written);
    }
  }
  return [...found.values()];
}
