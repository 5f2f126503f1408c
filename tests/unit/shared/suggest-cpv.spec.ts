/**
 * CPV suggestions from a need's words, against the real French labels of
 * resources/cpv.json. Each expectation is read off those labels: which
 * ones hold the need's words, and which holds the fewest others.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CpvFile } from '../../../shared/model';
import { buildCpvSuggester } from '../../../shared/plan/suggest-cpv';

const cpv = JSON.parse(readFileSync(resolve('resources', 'cpv.json'), 'utf8')) as CpvFile;
const suggester = buildCpvSuggester(cpv);
const first = (text: string): string | undefined => suggester.suggest(text)[0]?.code;

describe('buildCpvSuggester', () => {
  it('puts first the label that holds the need’s words and little else', () => {
    // « Pain » (15811100) is the only label made of « pain » alone.
    expect(suggester.suggest('Fourniture de pain bio pour la cantine')[0]).toEqual({
      code: '15811100',
      check: '7',
      label: 'Pain',
      score: expect.any(Number) as number,
      words: ['pain'],
    });
    // Entretien, espaces and verts: only « Réalisation et entretien d'espaces verts » has all three.
    expect(suggester.suggest('Entretien des espaces verts')[0]).toMatchObject({
      code: '77310000',
      words: ['entretien', 'espace', 'vert'],
    });
    // « Vêtements de travail spéciaux » and « Accessoires pour vêtements de travail »
    // both hold the two words among three of their own: equal scores, equal
    // depth (1813, 1814), so the code order decides.
    expect(first('Vêtements de travail')).toBe('18130000');
    expect(first('café équitable')).toBe('15861000');
  });

  it('reads words whatever their case, accents, plural or apostrophe', () => {
    for (const text of [
      'espaces verts',
      'ESPACE VERT',
      'Espâces Vèrts',
      'entretien espace vert',
    ]) {
      expect(first(text)).toBe('77310000');
    }
    // The typographic apostrophe of « Cartouches d’encre » is a space like the straight one.
    expect(first('Cartouches d’encre')).toBe('30192113');
    expect(first("cartouche d'encre")).toBe('30192113');
  });

  it('gives at most `limit` suggestions, none when no word is shared', () => {
    expect(suggester.suggest('Cartouches d’encre', 3)).toHaveLength(3);
    expect(suggester.suggest('xyzzy plugh')).toEqual([]);
    expect(suggester.suggest('de la pour')).toEqual([]);
  });

  it('orders suggestions by score, the stronger first', () => {
    const scores = suggester
      .suggest('Repas livrés en liaison froide', 10)
      .map((s) => s.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    // Repas and livrés: « Services de repas livrés à domicile » has both.
    expect(first('Repas livrés en liaison froide')).toBe('55521100');
  });
});
