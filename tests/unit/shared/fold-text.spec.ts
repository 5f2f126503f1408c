import { describe, expect, it } from 'vitest';
import { foldText } from '../../../shared/text/fold-text';

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
});
