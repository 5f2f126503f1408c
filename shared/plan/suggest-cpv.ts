/**
 * Suggests CPV codes for a need from its title and keywords, by the words
 * they share with the French labels of the CPV 2008 nomenclature (folded:
 * case, accents, plurals).
 *
 * A shared word counts by how rare it is among the labels (« pain » says
 * more than « fourniture »), and a label counts by how much of it the need
 * covers: « Pain » beats « Pain de mie » for « pain bio ». Ties go to the
 * shorter code path (the more general code), then to the code's order.
 */
import { keywordWords } from '../matching/sector-fit';
import type { CpvFile } from '../model';

export interface CpvSuggestion {
  /** 8 digits, without the check digit. */
  code: string;
  check: string;
  label: string;
  /** Relative strength, for ordering only. */
  score: number;
  /** The need's words found in the label (folded, singular). */
  words: string[];
}

export interface CpvSuggester {
  suggest(text: string, limit?: number): CpvSuggestion[];
}

interface IndexedLabel {
  code: string;
  check: string;
  label: string;
  words: Set<string>;
  /** Significant digits: 03000000 has 2, 03222000 has 5. */
  depth: number;
}

const DEFAULT_LIMIT = 5;

function depthOf(code: string): number {
  return code.replace(/0+$/, '').length;
}

/** Indexes the nomenclature's labels once; suggest() is then a lookup per word. */
export function buildCpvSuggester(file: CpvFile): CpvSuggester {
  const labels: IndexedLabel[] = file.codes.map((entry) => ({
    code: entry.code,
    check: entry.check,
    label: entry.label,
    words: new Set(keywordWords(entry.label)),
    depth: depthOf(entry.code),
  }));
  const byWord = new Map<string, IndexedLabel[]>();
  for (const label of labels) {
    for (const word of label.words) {
      const list = byWord.get(word);
      if (list) list.push(label);
      else byWord.set(word, [label]);
    }
  }
  const rarity = (word: string): number =>
    Math.log(labels.length / (byWord.get(word)?.length ?? labels.length));

  return {
    suggest(text, limit = DEFAULT_LIMIT) {
      const wanted = [...new Set(keywordWords(text))];
      const found = new Map<IndexedLabel, string[]>();
      for (const word of wanted) {
        for (const label of byWord.get(word) ?? []) {
          const words = found.get(label);
          if (words) words.push(word);
          else found.set(label, [word]);
        }
      }
      const suggestions = [...found].map(([label, words]) => {
        const weight = words.reduce((sum, word) => sum + rarity(word), 0);
        const covered = words.length / label.words.size;
        return { label, words, score: weight * (0.5 + 0.5 * covered) };
      });
      suggestions.sort(
        (a, b) =>
          b.score - a.score ||
          a.label.depth - b.label.depth ||
          (a.label.code < b.label.code ? -1 : 1),
      );
      return suggestions.slice(0, limit).map(({ label, words, score }) => ({
        code: label.code,
        check: label.check,
        label: label.label,
        score: Math.round(score * 1000) / 1000,
        words,
      }));
    },
  };
}
