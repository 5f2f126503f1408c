/** Road factor and buyer kind in the match options, and the method text that states the rules. */
import { describe, expect, it } from 'vitest';
import { checkMatchOptions } from '../../../main/services/validate-match-request';
import { DEFAULT_MATCH_OPTIONS, methodText } from '../../../shared/matching/match-plan';

const check = (sent: unknown): void => checkMatchOptions(sent, DEFAULT_MATCH_OPTIONS);

describe('checkMatchOptions: roadFactor and buyerKind', () => {
  it.each([1, 1.3, 3])('accepts a road factor of %d', (roadFactor) => {
    expect(() => check({ roadFactor })).not.toThrow();
  });

  it.each([0.9, 3.1, '1,3', Number.NaN])('refuses a road factor of %j', (roadFactor) => {
    expect(() => check({ roadFactor })).toThrow(
      `Option « roadFactor » : « ${typeof roadFactor === 'string' ? roadFactor : JSON.stringify(roadFactor)} » ` +
        'doit être un coefficient routier entre 1 et 3 (1 : à vol d’oiseau ; 1,3 : usuel en France).',
    );
  });

  it('accepts the two buyer kinds and refuses any other', () => {
    expect(() => check({ buyerKind: 'etat' })).not.toThrow();
    expect(() => check({ buyerKind: 'collectivite' })).not.toThrow();
    expect(() => check({ buyerKind: 'region' })).toThrow(
      'Option « buyerKind » : « region » doit être « etat » (services de l’État) ou ' +
        '« collectivite » (collectivités territoriales).',
    );
  });
});

describe('methodText', () => {
  it('states the road factor, the sites, the service area, lead time, season and grouping', () => {
    const text = methodText({ ...DEFAULT_MATCH_OPTIONS, roadFactor: 1.3 }).join('\n');
    expect(text).toContain('multipliée par le coefficient routier (1,3)');
    expect(text).toContain('la distance du site le plus éloigné compte');
    expect(text).toContain('« zone d’intervention à confirmer »');
    expect(text).toContain('Délai : le fournisseur est écarté quand toutes ses offres');
    expect(text).toContain('mois de disponibilité connus qui excluent le mois du besoin');
    expect(text).toContain('même groupe CPV à 3 chiffres, ou même secteur sans code CPV');
    expect(text).toContain('kg et t se comparent, repas et kg non');
    expect(methodText(DEFAULT_MATCH_OPTIONS).join('\n')).toContain(
      'coefficient routier (1, soit à vol d’oiseau)',
    );
  });
});
