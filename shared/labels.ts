/** Reading the labels a buyer writes in a plan ("SIAE, bio et ESUS"). */
import type { LabelCode } from './model';
import { foldText } from './text/fold-text';

/** Folded words and phrases that name each label. */
const SYNONYMS: Record<LabelCode, string[]> = {
  insertion: [
    'insertion',
    'siae',
    'iae',
    'ei',
    'aci',
    'ai',
    'etti',
    'eiti',
    'geiq',
    'structure d insertion',
    'structures d insertion',
    'insertion par l activite economique',
    'entreprise d insertion',
    'chantier d insertion',
  ],
  handicap: [
    'handicap',
    'esat',
    'ea',
    'secteur adapte',
    'secteur protege',
    'secteur adapte protege',
    'secteur du handicap',
    'entreprise adaptee',
    'adapte',
    'protege',
  ],
  ess: ['ess', 'economie sociale et solidaire', 'economie sociale'],
  esus: ['esus', 'entreprise solidaire d utilite sociale', 'entreprise solidaire'],
  scop: ['scop'],
  scic: ['scic'],
  bio: ['bio', 'ab', 'agriculture biologique', 'biologique'],
  'commerce-equitable': ['commerce equitable', 'equitable'],
  local: [
    'local',
    'locale',
    'locaux',
    'circuit court',
    'circuits courts',
    'producteur local',
    'producteurs locaux',
  ],
  reemploi: [
    'reemploi',
    'reparation',
    'occasion',
    'reconditionne',
    'reconditionnes',
    'reconditionnement',
  ],
};

/** Words that join labels or merely announce them. */
const JOINERS = new Set(['et', 'ou', 'label', 'labels', 'labellise', 'labellisee']);

const PHRASES: { words: string[]; label: LabelCode }[] = Object.entries(SYNONYMS)
  .flatMap(([label, phrases]) =>
    phrases.map((phrase) => ({ words: phrase.split(' '), label: label as LabelCode })),
  )
  .sort((a, b) => b.words.length - a.words.length);

interface Word {
  folded: string;
  /** Index of the typed token it comes from, to quote unknown text as typed. */
  token: number;
}

function phraseAt(words: Word[], start: number): (typeof PHRASES)[number] | undefined {
  return PHRASES.find((phrase) =>
    phrase.words.every((w, k) => words[start + k]?.folded === w),
  );
}

/** Reads one comma-free segment: known phrases become labels, the rest is quoted back. */
function parseSegment(segment: string, labels: Set<LabelCode>, unknown: string[]): void {
  const tokens = segment.split(/[\s()[\]]+/).filter((t) => t !== '');
  const words: Word[] = tokens.flatMap((token, index) =>
    foldText(token)
      .split(' ')
      .filter((w) => w !== '')
      .map((folded) => ({ folded, token: index })),
  );
  let pending: number[] = [];
  const flush = (): void => {
    if (pending.length === 0) return;
    const first = pending[0] ?? 0;
    const last = pending[pending.length - 1] ?? first;
    unknown.push(tokens.slice(first, last + 1).join(' '));
    pending = [];
  };
  for (let i = 0; i < words.length;) {
    const word = words[i] as Word;
    const phrase = phraseAt(words, i);
    if (phrase) {
      flush();
      labels.add(phrase.label);
      i += phrase.words.length;
    } else if (JOINERS.has(word.folded)) {
      flush();
      i++;
    } else {
      if (!pending.includes(word.token)) pending.push(word.token);
      i++;
    }
  }
  flush();
}

/**
 * Reads labels separated by commas, semicolons, slashes or "et", with their
 * usual French names and abbreviations; what is not recognised is returned in
 * `unknown`, as typed.
 */
export function parseLabels(text: string): { labels: LabelCode[]; unknown: string[] } {
  const labels = new Set<LabelCode>();
  const unknown: string[] = [];
  for (const segment of text.split(/[,;/+&]/)) parseSegment(segment, labels, unknown);
  return { labels: [...labels], unknown };
}
