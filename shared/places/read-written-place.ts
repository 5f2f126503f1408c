/**
 * Reads a place as buyers write it around a code: « 49321 CHOLET CEDEX »,
 * « 69123 A Lyon », « 45000 24 rue du Pot de Fer 45000 ORLEANS ».
 *
 * Every run of words that names a commune is tried; a commune counts only
 * when one of the codes fits it: its postcode, its INSEE code (or its city's,
 * for an arrondissement), or, for a CEDEX code or a code that is no
 * postcode, its département. The longest fitting name wins; several
 * communes fitting it are all returned for the buyer to choose.
 */
import type { CommuneRecord } from '../model';

/** The lookups this reader needs from the place index. */
export interface WrittenPlaceLookups {
  byName: ReadonlyMap<string, readonly CommuneRecord[]>;
  byPostcode: ReadonlyMap<string, readonly CommuneRecord[]>;
  departementOf: ReadonlyMap<CommuneRecord, string>;
}

/** Communes read from the text, and the code that is their postcode if any. */
export interface WrittenPlace {
  communes: CommuneRecord[];
  postcode: string | null;
}

const CODE = /^(?:\d{5}|2[ab]\d{3})$/;
const CEDEX = / ?\bcedex(?: \d{1,3})?\b/g;
/** Longest commune name tried, in words (« Saint-Remy-en-Bouzemont-… » has 8). */
const MAX_NAME_WORDS = 9;

/** The départements a code's first digits stand for (20… is Corse-du-Sud or Haute-Corse). */
function departementsOfCode(code: string): string[] {
  if (/^9[78]/.test(code)) return [code.slice(0, 3)];
  if (/^20/.test(code)) return ['2A', '2B'];
  return [code.slice(0, 2).toUpperCase()];
}

/** Folded text without its CEDEX mention, and whether it had one. */
export function withoutCedex(folded: string): { text: string; cedex: boolean } {
  const text = folded.replace(CEDEX, '').trim();
  return { text, cedex: text !== folded };
}

/** Reads « code + words » text; null when it holds no code or no fitting commune. */
export function readWrittenPlace(
  lookups: WrittenPlaceLookups,
  folded: string,
): WrittenPlace | null {
  const { text, cedex } = withoutCedex(folded);
  const words = text.split(' ');
  const codes = words.filter((w) => CODE.test(w)).map((w) => w.toUpperCase());
  if (codes.length === 0) return null;

  const fits = (record: CommuneRecord, code: string): boolean => {
    if (record.postcodes.includes(code)) return true;
    if (record.insee === code || record.parent === code) return true;
    // A CEDEX code, or a code that is no postcode at all, only says the département.
    if (!cedex && lookups.byPostcode.has(code)) return false;
    const departement = lookups.departementOf.get(record) ?? '';
    return departementsOfCode(code).includes(departement);
  };

  let best: CommuneRecord[] = [];
  let bestLength = 0;
  for (let start = 0; start < words.length; start += 1) {
    for (
      let end = start + 1;
      end <= Math.min(words.length, start + MAX_NAME_WORDS);
      end += 1
    ) {
      const span = words.slice(start, end);
      if (span.some((w) => CODE.test(w))) break;
      const named = lookups.byName.get(span.join(' ')) ?? [];
      const fitting = named.filter((r) => codes.some((code) => fits(r, code)));
      if (fitting.length === 0 || span.length < bestLength) continue;
      if (span.length > bestLength) best = [];
      bestLength = span.length;
      for (const record of fitting) if (!best.includes(record)) best.push(record);
    }
  }
  if (best.length === 0) return null;
  const postcode = codes.find((code) => best.every((r) => r.postcodes.includes(code)));
  return { communes: best, postcode: postcode ?? null };
}
