import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Catalogue } from '../../../shared/model';
import { foldText } from '../../../shared/text/fold-text';

/** foldText as first written, every step on every text: the fast paths must give the same. */
function foldEveryStep(input: string): string {
  const plain = input
    .toLowerCase()
    .replace(/œ/g, 'oe')
    .replace(/æ/g, 'ae')
    .replace(/ß/g, 'ss')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
  if (plain === '') return '';
  const words: Record<string, string> = { st: 'saint', ste: 'sainte' };
  return plain
    .split(' ')
    .map((word) => words[word] ?? word)
    .join(' ');
}

describe('foldText', () => {
  it.each([
    ['St-Omer', 'saint omer'],
    ['SAINT-OMER', 'saint omer'],
    ['  Saint   Omer ', 'saint omer'],
    ['Ste-Foy-lès-Lyon', 'sainte foy les lyon'],
    ["L'Haÿ-les-Roses", 'l hay les roses'],
    ['Cœur d’Œuvre', 'coeur d oeuvre'],
    ['Lætitia', 'laetitia'],
    ['Intitulé', 'intitule'],
    ['Budget (€ HT)', 'budget ht'],
    ['Réemploi / réparation', 'reemploi reparation'],
    ['first', 'first'],
    ['', ''],
  ])('%s → %s', (input, folded) => {
    expect(foldText(input)).toBe(folded);
  });

  it('expands "st" only as a whole word', () => {
    expect(foldText('Stains')).toBe('stains');
    expect(foldText('rue st jean')).toBe('rue saint jean');
  });
  it('gives what every step gives, on every text of the bundled catalogue', () => {
    const catalogue = JSON.parse(
      readFileSync(resolve('resources', 'catalogue.json'), 'utf8'),
    ) as Catalogue;
    const texts = catalogue.suppliers.flatMap((s) => [
      s.name,
      s.brand ?? '',
      s.address.city,
      s.description ?? '',
    ]);
    expect(texts.length).toBeGreaterThan(1000);
    for (const text of texts) expect(foldText(text)).toBe(foldEveryStep(text));
  });

  it('gives what every step gives, on texts made of tricky pieces', () => {
    const pieces = [
      'st',
      'ste',
      'St',
      'STE',
      ' ',
      '  ',
      '-',
      "'",
      '’',
      'é',
      'È',
      'œ',
      'Æ',
      'ß',
      'ÿ',
      'a',
      'Z',
      '0',
      '9',
      'ǅ',
      'İ',
      '\u0301',
      '\u00a0',
      'ﬁ',
      '😀',
      'x',
      'Ω',
      'ĳ',
    ];
    // A fixed pseudo-random sequence (Park–Miller), so that a failure repeats.
    let seed = 20261204;
    const next = (n: number): number => {
      seed = (seed * 48271) % 2147483647;
      return seed % n;
    };
    for (let run = 0; run < 5000; run += 1) {
      const text = Array.from(
        { length: next(10) },
        () => pieces[next(pieces.length)],
      ).join('');
      expect(foldText(text), JSON.stringify(text)).toBe(foldEveryStep(text));
    }
  });
});
