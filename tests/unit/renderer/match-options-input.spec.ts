/** The weights and road factor typed on the results screen, read as French decimals. */
import { describe, expect, it } from 'vitest';
import {
  parseRoadFactor,
  parseWeight,
  readFrenchDecimal,
  weightsLine,
} from '../../../shared/format/match-options-input';

describe('readFrenchDecimal', () => {
  it('reads digits with a comma or point decimal, spaces ignored', () => {
    expect(readFrenchDecimal('40')).toBe(40);
    expect(readFrenchDecimal('12,5')).toBe(12.5);
    expect(readFrenchDecimal('1.3')).toBe(1.3);
    expect(readFrenchDecimal(' 1\u202f000 ')).toBe(1000);
  });

  it('refuses hexadecimal, exponents, signs and stray text', () => {
    for (const text of [
      '0x10',
      '1e3',
      '-2',
      '+3',
      '1,2,3',
      'abc',
      '',
      ',5',
      'Infinity',
    ]) {
      expect(readFrenchDecimal(text), text).toBeNull();
    }
  });
});

describe('parseWeight', () => {
  it('accepts 0 to 100 points', () => {
    expect(parseWeight('Distance', '0')).toEqual({ value: 0 });
    expect(parseWeight('Distance', '100')).toEqual({ value: 100 });
    expect(parseWeight('Distance', '33,5')).toEqual({ value: 33.5 });
  });

  it('names the field and the value it refuses', () => {
    const problem =
      'Pondération « Distance » : « 0x10 » n’est pas un nombre de points de 0 à 100 ' +
      '(chiffres, décimales après une virgule).';
    expect(parseWeight('Distance', '0x10')).toEqual({ problem });
    expect(parseWeight('Labels', '1e3')).toEqual({
      problem: problem.replace('Distance', 'Labels').replace('0x10', '1e3'),
    });
    expect(parseWeight('Capacité', '100,5')).toHaveProperty('problem');
    expect(parseWeight('Capacité', '1000')).toHaveProperty('problem');
  });
});

describe('parseRoadFactor', () => {
  it('reads 1 to 3 in French, empty meaning none', () => {
    expect(parseRoadFactor('1,3')).toEqual({ value: 1.3 });
    expect(parseRoadFactor('1')).toEqual({ value: 1 });
    expect(parseRoadFactor('3')).toEqual({ value: 3 });
    expect(parseRoadFactor('  ')).toEqual({ value: null });
  });

  it('refuses below 1, above 3 and non-numbers, in French', () => {
    expect(parseRoadFactor('0,9')).toEqual({
      problem:
        'Facteur routier : « 0,9 » n’est pas un coefficient de 1 à 3 (1 : à vol ' +
        'd’oiseau ; 1,3 : usuel en France).',
    });
    expect(parseRoadFactor('3,1')).toHaveProperty('problem');
    expect(parseRoadFactor('1e0')).toHaveProperty('problem');
  });
});

describe('weightsLine', () => {
  it('writes secteur/labels/distance/capacité', () => {
    expect(
      weightsLine({ sector: 20, labels: 20, distance: 80, capacity: 10 }, String),
    ).toBe('20/20/80/10');
  });
});
