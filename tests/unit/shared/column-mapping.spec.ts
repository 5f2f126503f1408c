import { describe, expect, it } from 'vitest';
import {
  chooseColumnMapping,
  columnsOfMapping,
  findColumnMapping,
  headerSignature,
  isSavedColumnMapping,
  proposeColumnMapping,
} from '../../../shared/plan/column-mapping';
import { matchHeader, matchPlanHeaders } from '../../../shared/plan/plan-columns';

describe('matchHeader', () => {
  it.each([
    ['Intitulé', 'title', 'exact'],
    ['INTITULE', 'title', 'exact'],
    ['Désignation', 'title', 'alias'],
    ['Qté', 'quantity', 'alias'],
    ['Quantité annuelle', 'quantity', 'exact'], // the template's name and a period
    ['CP', 'postcode', 'alias'],
    ['Commune de livraison', 'commune', 'alias'],
    ['Montant estimé HT', 'budget', 'alias'],
    ['Quantité prévue 2026', 'quantity', 'fuzzy'],
    ['Objet du besoin', 'title', 'fuzzy'],
  ] as const)('%s → %s (%s)', (header, key, confidence) =>
    expect(matchHeader(header)).toMatchObject({ key, confidence }),
  );

  it('reads the unit or the period a quantity header gives', () => {
    expect(matchHeader('Quantité (kg)')).toEqual({
      key: 'quantity',
      confidence: 'exact',
      unit: 'kg',
    });
    expect(matchHeader('Qté en litres')).toEqual({
      key: 'quantity',
      confidence: 'alias',
      unit: 'litres',
    });
    expect(matchHeader('Quantité annuelle')).toEqual({
      key: 'quantity',
      confidence: 'exact',
      period: 'annuelle',
    });
  });

  it('leaves unrelated headers alone', () => {
    expect(matchHeader('Remarques')).toBeNull();
    expect(matchHeader('Observations')).toBeNull();
  });
});

describe('matchPlanHeaders', () => {
  it('keeps the surer of two headers for one column', () => {
    const match = matchPlanHeaders(['Objet du besoin', 'Intitulé', 'CP']);
    expect(match.columns.get('title')).toBe(1);
    expect(match.ignored).toEqual([
      { index: 0, header: 'Objet du besoin', duplicate: true },
    ]);
  });
});

const HEADERS = ['Libellé article', 'Qté', 'Ville', 'Famille', 'Notes'];

describe('proposeColumnMapping', () => {
  it('asks for confirmation when a required column is only guessed', () => {
    const proposal = proposeColumnMapping(HEADERS);
    expect(proposal.signature).toBe('libelle article|qte|ville|famille|notes');
    expect(proposal.columns.map((c) => [c.key, c.confidence])).toEqual([
      ['title', 'fuzzy'],
      ['quantity', 'alias'],
      ['commune', 'alias'],
      ['sector', 'alias'],
      [null, null],
    ]);
    expect(proposal.missing).toEqual([]);
    expect(proposal.unsure).toEqual(['title']);
    expect(proposal.needsConfirmation).toBe(true);
  });

  it('names the required columns nobody answers', () => {
    const proposal = proposeColumnMapping(['Intitulé', 'Qté']);
    expect(proposal.missing).toEqual([
      'Lieu de livraison',
      'Code CPV, Secteur ou Mots-clés',
    ]);
    expect(proposal.needsConfirmation).toBe(true);
  });

  it('needs nothing from the buyer for the template headers', () => {
    const proposal = proposeColumnMapping(['Intitulé', 'Code CPV', 'Lieu de livraison']);
    expect(proposal.needsConfirmation).toBe(false);
  });
});

describe('chooseColumnMapping', () => {
  const NOW = new Date('2026-01-15T10:00:00Z');
  const choice = ['title', 'quantity', 'commune', 'sector', null] as const;

  it('is saved as JSON and found again for the same headers, whatever their case', () => {
    const chosen = chooseColumnMapping(HEADERS, choice, NOW);
    if (!chosen.ok) throw new Error(chosen.message);
    const json = JSON.parse(JSON.stringify(chosen.mapping)) as unknown;
    expect(isSavedColumnMapping(json)).toBe(true);
    expect(json).toEqual({
      format: 'passerelle-column-mapping',
      version: 1,
      signature: 'libelle article|qte|ville|famille|notes',
      headers: HEADERS,
      columns: ['title', 'quantity', 'commune', 'sector', null],
      savedAt: '2026-01-15T10:00:00.000Z',
    });
    const again = ['LIBELLE ARTICLE', 'qte', 'ville', 'Famille', 'notes'];
    expect(headerSignature(again)).toBe(chosen.mapping.signature);
    expect(findColumnMapping([chosen.mapping], again)).toBe(chosen.mapping);
    expect(findColumnMapping([chosen.mapping], [...again, 'Autre'])).toBeNull();
    expect(proposeColumnMapping(again, [chosen.mapping]).needsConfirmation).toBe(false);
    expect([...columnsOfMapping(chosen.mapping)]).toEqual([
      ['title', 0],
      ['quantity', 1],
      ['commune', 2],
      ['sector', 3],
    ]);
  });

  it('refuses a column chosen twice, or a required one left out', () => {
    expect(
      chooseColumnMapping(HEADERS, ['title', 'title', 'commune', 'sector', null], NOW),
    ).toEqual({
      ok: false,
      message:
        'Les colonnes « Libellé article » et « Qté » sont toutes deux prises pour « Intitulé » : choisissez-en une.',
    });
    expect(
      chooseColumnMapping(HEADERS, ['title', 'quantity', null, 'sector'], NOW),
    ).toEqual({
      ok: false,
      message: 'Indiquez quelle colonne donne : « Lieu de livraison ».',
    });
  });

  it('rejects JSON that is not a saved mapping', () => {
    expect(
      isSavedColumnMapping({ format: 'passerelle-column-mapping', version: 1 }),
    ).toBe(false);
    expect(
      isSavedColumnMapping({
        format: 'passerelle-column-mapping',
        version: 1,
        signature: 'x',
        headers: ['X'],
        columns: ['nonsense'],
        savedAt: '',
      }),
    ).toBe(false);
  });
});
