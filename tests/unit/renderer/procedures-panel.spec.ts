/**
 * What the procedures panel writes (shared/format/procedure-view.ts):
 * amounts, dated thresholds, eligible counts, lots and the heading, in French.
 */
import { describe, expect, it } from 'vitest';
import type {
  DatedThreshold,
  FamilyProcedure,
  SuggestedLot,
} from '../../../shared/law/procedure-types';
import type { Plan } from '../../../shared/model';
import {
  SUGGESTION_NAMES,
  articlesText,
  eligibleText,
  familyAmount,
  lotSummary,
  needTitles,
  procedureHeading,
  reservationKindName,
  thresholdPeriod,
} from '../../../shared/format/procedure-view';
import { makeNeed } from '../../helpers/make-need';

const NNBSP = '\u202f';
const NBSP = '\u00a0';

const family: FamilyProcedure = {
  familyCode: '77310000',
  familyLabel: 'Services de plantation et d’entretien des espaces verts',
  needIds: ['n1', 'n2'],
  estimatedAmount: 45000,
  needsWithoutBudget: 0,
  procedure: 'Procédure adaptée (MAPA)',
  thresholds: [],
  articles: ['R2123-1'],
  lots: [],
  reservations: [],
  explanation: 'Sous le seuil de procédure formalisée.',
};

const plan: Plan = {
  name: 'Plan de test',
  sourceFile: null,
  importedAt: '2026-12-05T00:00:00Z',
  needs: [
    makeNeed({ id: 'n1', title: 'Tonte des pelouses' }),
    makeNeed({ id: 'n2', title: 'Taille des haies' }),
  ],
};

describe('family amount', () => {
  it('writes the sum in euros HT, a lower bound when some needs have no budget', () => {
    expect(familyAmount(family)).toBe(`45${NNBSP}000,00${NBSP}€ HT`);
    expect(familyAmount({ ...family, needsWithoutBudget: 1 })).toBe(
      `au moins 45${NNBSP}000,00${NBSP}€ HT (1 besoin sans budget)`,
    );
    expect(familyAmount({ ...family, needsWithoutBudget: 2 })).toBe(
      `au moins 45${NNBSP}000,00${NBSP}€ HT (2 besoins sans budget)`,
    );
  });

  it('says « montant inconnu » when no need of the family has a budget', () => {
    expect(
      familyAmount({ ...family, estimatedAmount: null, needsWithoutBudget: 2 }),
    ).toBe('montant inconnu');
  });
});

describe('thresholds', () => {
  const threshold: DatedThreshold = {
    id: 'formalised-supplies-collectivite-2026',
    label: 'Seuil de procédure formalisée (fournitures et services)',
    amountExclTax: 216000,
    from: '2026-01-01',
    until: null,
    source: 'Règlement délégué (UE) 2025/2152',
    articles: ['L2124-1', 'R2124-1'],
  };

  it('gives the dates of effect as dd/mm/yyyy', () => {
    expect(thresholdPeriod(threshold)).toBe('en vigueur depuis le 01/01/2026');
    expect(
      thresholdPeriod({ ...threshold, from: '2024-01-01', until: '2025-12-31' }),
    ).toBe('du 01/01/2024 au 31/12/2025');
  });

  it('lists the articles, « — » when none', () => {
    expect(articlesText(threshold.articles)).toBe('L2124-1, R2124-1');
    expect(articlesText([])).toBe('—');
  });
});

describe('reservations', () => {
  it('counts eligible suppliers in words', () => {
    expect(eligibleText(0)).toBe('aucun fournisseur éligible à portée');
    expect(eligibleText(1)).toBe('1 fournisseur éligible à portée');
    expect(eligibleText(1200)).toBe(`1${NNBSP}200 fournisseurs éligibles à portée`);
  });

  it('names the kinds and the suggestions in French', () => {
    expect(reservationKindName('insertion')).toBe('Insertion (SIAE, GEIQ)');
    expect(reservationKindName('handicap')).toBe('Secteur du handicap (ESAT, EA)');
    expect(reservationKindName('ess')).toBe('Économie sociale et solidaire');
    expect(SUGGESTION_NAMES).toEqual({
      reserve: 'Marché réservé',
      clause: 'Clause sociale',
      none: 'Ni réservation ni clause suggérée',
    });
  });
});

describe('lots and needs', () => {
  const lot: SuggestedLot = {
    name: 'Lot 2 : taille des haies',
    needIds: ['n2'],
    estimatedAmount: 12000,
    smallLot: true,
  };

  it('sums up a lot: its needs and its amount', () => {
    expect(lotSummary(lot)).toBe(`1 besoin · 12${NNBSP}000,00${NBSP}€ HT`);
    expect(lotSummary({ ...lot, needIds: ['n1', 'n2'], estimatedAmount: null })).toBe(
      '2 besoins · montant inconnu',
    );
  });

  it('titles needs from the plan, an unknown id as it is', () => {
    expect(needTitles(['n2', 'n1', 'n9'], plan)).toEqual([
      'Taille des haies',
      'Tonte des pelouses',
      'besoin n9',
    ]);
  });
});

describe('heading', () => {
  it('dates the thresholds and names whose they are', () => {
    expect(procedureHeading('2026-12-05', 'collectivite')).toBe(
      'Seuils en vigueur au 05/12/2026 · acheteur : ' +
        'collectivité territoriale ou établissement public local',
    );
    expect(procedureHeading('2026-12-05', 'etat')).toBe(
      'Seuils en vigueur au 05/12/2026 · acheteur : État ou établissement public national',
    );
  });
});
