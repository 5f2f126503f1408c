/**
 * An inverted index of French words: for each stem, and for each folded word
 * as written, the documents (numbered from 0) holding it. A query word finds
 * the documents with its stem (« espaces » → espace, espaces) or with a word
 * it begins (« sapi » → Sapih), as a search box does while one types.
 */
import { meaningfulWords, stemWord } from './french-words';

export interface WordIndex {
  /** Documents holding each stem, ascending, no repeat. */
  byStem: Map<string, number[]>;
  /** Distinct folded words, sorted, for prefix look-ups. */
  words: string[];
  /** Documents holding each folded word, ascending, no repeat. */
  byWord: Map<string, number[]>;
}

function push(map: Map<string, number[]>, key: string, doc: number): void {
  const list = map.get(key);
  if (!list) map.set(key, [doc]);
  else if (list[list.length - 1] !== doc) list.push(doc);
}

/** Indexes each document's text; documents are numbered by their position. */
export function buildWordIndex(texts: Iterable<string>): WordIndex {
  const byStem = new Map<string, number[]>();
  const byWord = new Map<string, number[]>();
  let doc = 0;
  for (const text of texts) {
    for (const word of meaningfulWords(text)) {
      push(byWord, word, doc);
      push(byStem, stemWord(word), doc);
    }
    doc += 1;
  }
  return { byStem, byWord, words: [...byWord.keys()].sort() };
}

/** First position in the sorted `words` not before `prefix`. */
function lowerBound(words: readonly string[], prefix: string): number {
  let low = 0;
  let high = words.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((words[middle] as string) < prefix) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * The posting lists a folded query word finds, each ascending: its stem's,
 * then those of the words beginning with it. A document may be in several.
 */
export function postingsOf(index: WordIndex, folded: string): number[][] {
  const lists: number[][] = [];
  const byStem = index.byStem.get(stemWord(folded));
  if (byStem) lists.push(byStem);
  for (let i = lowerBound(index.words, folded); i < index.words.length; i++) {
    const word = index.words[i] as string;
    if (!word.startsWith(folded)) break;
    const list = index.byWord.get(word);
    if (list) lists.push(list);
  }
  return lists;
}

/** Whether the ascending `list` holds `value` (binary search). */
export function sortedHas(list: readonly number[], value: number): boolean {
  let low = 0;
  let high = list.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    const at = list[middle] as number;
    if (at === value) return true;
    if (at < value) low = middle + 1;
    else high = middle;
  }
  return false;
}
