import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  INDICATOR_KINDS,
  type IndicatorKind,
} from '../../../shared/indicators/indicator-types';
import { adviseProcedures } from '../../../shared/law/advise-procedures';
import { groupNeedsByFamily, natureOfCpv } from '../../../shared/law/families';
import type {
  FamilyProcedure,
  ReservationKind,
} from '../../../shared/law/procedure-types';
import { isEssReservableCpv } from '../../../shared/law/reserved-services';
import { DEFAULT_MATCH_OPTIONS } from '../../../shared/matching/match-plan';
import type { CpvFile, MatchResult, NeedMatch, Place, Plan } from '../../../shared/model';
import { makeNeed } from '../../helpers/make-need';

const cpvFile = JSON.parse(readFileSync('resources/cpv.json', 'utf8')) as CpvFile;
const cpvLabels = new Map(cpvFile.codes.map((c) => [c.code, c.label]));
const cpvLabel = (code8: string): string | undefined => cpvLabels.get(code8);

function place(label: string, inseeCode: string): Place {
  return { label, inseeCode, postcode: null, departement: '62', lat: 50.4, lon: 2.9 };
}
const HARNES = place('Harnes', '62413');
const LENS = place('Lens', '62498');

/**
 * The fixture plan, families worked out by hand (collectivité, 05/12/2026:
 * formalised 216 000 €, dispensation 60 000 € supplies/services and
 * 100 000 € works, small lots 80 000 €):
 * - 773 green spaces: A1 120 000 + A2 70 000 + A3 40 000 = 230 000 ≥ 216 000
 *   → formalised; classes 7731 (190 000) and 7734 (40 000); 40 000 < 80 000
 *   and ≤ 20 % × 230 000 = 46 000 → 7734 is a small lot.
 * - 158 food: B1 50 000 + B2 unknown → at least 50 000 < 60 000 → dispensation
 *   (on 31/03/2026, 50 000 ≥ 40 000 → MAPA).
 * - 853 social services 85312000 (L2113-15 list): 300 000 → MAPA whatever the
 *   amount (R2123-1 3°), under 750 000 so no JOUE notice.
 * - sector « Nettoyage de locaux » (no CPV): D1 30 000 Harnes + D2 20 000
 *   Lens = 50 000 → dispensation; one lot per site.
 * - 454 works: 90 000 < 100 000 → dispensation.
 * - a need with neither CPV nor sector nor budget → alone, to be determined.
 */
const plan: Plan = {
  name: 'Fixture loi',
  sourceFile: null,
  importedAt: '2026-12-01T00:00:00Z',
  needs: [
    makeNeed({
      id: 'A1',
      title: 'Tonte',
      cpv: '77310000',
      place: HARNES,
      budget: 120_000,
    }),
    makeNeed({
      id: 'A2',
      title: 'Massifs',
      cpv: '77310000',
      place: LENS,
      budget: 70_000,
    }),
    makeNeed({
      id: 'A3',
      title: 'Élagage',
      cpv: '77340000',
      place: HARNES,
      budget: 40_000,
    }),
    makeNeed({ id: 'B1', title: 'Pain', cpv: '15811000', place: HARNES, budget: 50_000 }),
    makeNeed({
      id: 'B2',
      title: 'Gâteaux',
      cpv: '15812000',
      place: HARNES,
      budget: null,
    }),
    makeNeed({ id: 'C1', title: 'Accompagnement', cpv: '85312000', budget: 300_000 }),
    makeNeed({
      id: 'D1',
      title: 'Ménage mairie',
      sector: 'Nettoyage de locaux',
      place: HARNES,
      budget: 30_000,
    }),
    makeNeed({
      id: 'D2',
      title: 'Ménage école',
      sector: 'nettoyage de locaux ',
      place: LENS,
      budget: 20_000,
    }),
    makeNeed({ id: 'E1', title: 'Peinture salle', cpv: '45453000', budget: 90_000 }),
    makeNeed({ id: 'F1', title: 'Divers', budget: null }),
  ],
};

/**
 * `geiq`: how many of the insertion suppliers are GEIQs, which count for the
 * insertion indicator but are no SIAE, so not for an L2113-13 reservation.
 */
function needMatch(
  needId: string,
  counts: Partial<Record<IndicatorKind, number>>,
  geiq = 0,
): NeedMatch {
  const byKind = Object.fromEntries(
    INDICATOR_KINDS.map((k) => [k, counts[k] ?? 0]),
  ) as Record<IndicatorKind, number>;
  return {
    needId,
    candidates: [],
    sectorMatches: 0,
    note: null,
    inRange: {
      total: Math.max(0, ...Object.values(byKind)),
      byKind,
      reservable: {
        siae: byKind.insertion - geiq,
        disability: byKind.handicap,
        ess: byKind.ess,
      },
    },
  };
}

const match: MatchResult = {
  generatedAt: '2026-12-05T00:00:00Z',
  catalogueVersion: 'fixture',
  options: DEFAULT_MATCH_OPTIONS,
  needs: [
    needMatch('A1', { handicap: 4, insertion: 2, ess: 5 }),
    needMatch('A2', { handicap: 3, insertion: 5, ess: 1 }),
    needMatch('A3', { handicap: 6, insertion: 1 }),
    needMatch('B1', {}),
    needMatch('C1', { ess: 4, insertion: 3 }),
    needMatch('D1', { insertion: 7, handicap: 2 }),
    needMatch('D2', { insertion: 3, handicap: 5 }, 1),
    needMatch('E1', { insertion: 1 }),
  ],
};

/** Narrow and ordinary no-break spaces as plain spaces, to compare sentences. */
const plain = (text: string): string => text.replace(/[\u00a0\u202f]/g, ' ');

function family(code: string, date = '2026-12-05'): FamilyProcedure {
  const advice = adviseProcedures(plan, match, date, 'collectivite', { cpvLabel });
  const found = advice.families.find((f) => f.familyCode === code);
  if (!found) throw new Error(`famille ${code} absente`);
  return found;
}

function reservation(f: FamilyProcedure, kind: ReservationKind) {
  const found = f.reservations.find((r) => r.kind === kind);
  if (!found) throw new Error(`réservation ${kind} absente`);
  return found;
}

describe('families of needs', () => {
  it('groups by CPV group, then by folded sector, else a need alone', () => {
    const families = groupNeedsByFamily(plan.needs, cpvLabel);
    expect(families.map((f) => [f.code, f.needs.map((n) => n.id)])).toEqual([
      ['cpv:773', ['A1', 'A2', 'A3']],
      ['cpv:158', ['B1', 'B2']],
      ['cpv:853', ['C1']],
      ['secteur:nettoyage de locaux', ['D1', 'D2']],
      ['cpv:454', ['E1']],
      ['besoin:F1', ['F1']],
    ]);
    expect(families[0]?.label).toBe('Services horticoles (groupe CPV 773)');
  });

  it('reads the nature of a contract from the CPV division', () => {
    expect(natureOfCpv('45453000')).toBe('travaux');
    expect(natureOfCpv('15811000')).toBe('fournitures');
    expect(natureOfCpv('48000000')).toBe('fournitures');
    expect(natureOfCpv('77310000')).toBe('services');
  });

  it('knows the L2113-15 list of health, social and cultural services', () => {
    expect(isEssReservableCpv('85312000')).toBe(true);
    expect(isEssReservableCpv('92500000')).toBe(true);
    expect(isEssReservableCpv('77310000')).toBe(false);
  });
});

describe('adviseProcedures on the fixture plan', () => {
  it('sums green spaces to 230 000 €: formalised, two lots, élagage a small lot', () => {
    const a = family('cpv:773');
    expect(a.estimatedAmount).toBe(230_000);
    expect(a.needsWithoutBudget).toBe(0);
    expect(a.procedure).toMatch(/^Procédure formalisée/);
    expect(a.articles).toEqual(['L2124-1', 'R2124-1']);
    expect(a.thresholds.map((t) => t.amountExclTax)).toEqual([60_000, 216_000]);
    expect(a.lots).toEqual([
      {
        name: "Classe CPV 7731 : Réalisation et entretien d'espaces verts",
        needIds: ['A1', 'A2'],
        estimatedAmount: 190_000,
        smallLot: false,
      },
      {
        name: 'Classe CPV 7734 : Élagage des arbres et taille des haies',
        needIds: ['A3'],
        estimatedAmount: 40_000,
        smallLot: true,
      },
    ]);
    expect(plain(a.explanation)).toBe(
      '3 besoins de la famille « Services horticoles (groupe CPV 773) » totalisent ' +
        '230 000 € HT par an, au-dessus du seuil européen de 216 000 € HT : procédure ' +
        'formalisée obligatoire (articles L2124-1 et R2124-1), les petits lots pouvant ' +
        'suivre une procédure adaptée (article R2123-1, 2°). Montant annuel : un marché ' +
        'de plusieurs années compte toute sa durée, reconductions comprises (article ' +
        'R2121-1). Petits lots en procédure ' +
        'adaptée (article R2123-1, 2°) : « Classe CPV 7734 : Élagage des arbres et taille ' +
        'des haies » (40 000 € HT), soit 40 000 € HT, sous la limite de 20 % de ' +
        '230 000 € HT (46 000 € HT).',
    );
  });

  it('reserves green spaces to the disability sector, a clause for insertion, no ESS', () => {
    const a = family('cpv:773');
    // min(4, 3, 6) = 3 ≥ 3 → reserve; min(2, 5, 1) = 1 → clause; 773 not on the list.
    const handicap = reservation(a, 'handicap');
    expect([handicap.eligibleSuppliers, handicap.suggestion]).toEqual([3, 'reserve']);
    expect(handicap.articles).toEqual(['L2113-12']);
    expect(handicap.explanation).toBe(
      '3 structures du secteur du handicap (EA ou ESAT) sont à portée de chacun des ' +
        'besoins : le marché ou certains de ses lots peuvent leur être réservés (article L2113-12).',
    );
    const insertion = reservation(a, 'insertion');
    expect([insertion.eligibleSuppliers, insertion.suggestion]).toEqual([1, 'clause']);
    // Formalised and after 21/08/2026: the social condition is compulsory.
    expect(insertion.articles).toEqual(['L2112-2', 'loi n° 2021-1104, art. 35']);
    expect(insertion.explanation).toContain('obligatoire depuis le 21 août 2026');
    const ess = reservation(a, 'ess');
    expect([ess.eligibleSuppliers, ess.suggestion]).toEqual([0, 'none']);
  });

  it('counts food as a floor of 50 000 €: dispensation from 01/04/2026, MAPA before', () => {
    const b = family('cpv:158');
    expect([b.estimatedAmount, b.needsWithoutBudget]).toEqual([50_000, 1]);
    expect(b.procedure).toMatch(/^Dispense de procédure/);
    expect(b.articles).toEqual(['R2122-8']);
    expect(plain(b.explanation)).toContain('totalisent au moins 50 000 € HT par an');
    expect(b.lots).toHaveLength(1);
    // A floor: the real amount may exceed the dispensation, so the clause stays.
    expect(reservation(b, 'insertion').suggestion).toBe('clause');
    expect(family('cpv:158', '2026-03-31').procedure).toBe('Procédure adaptée (MAPA)');
  });

  it('puts social services in MAPA whatever the amount and reserves them to the ESS', () => {
    const c = family('cpv:853');
    expect(c.estimatedAmount).toBe(300_000);
    expect(c.procedure).toBe(
      'Procédure adaptée (services sociaux et autres services spécifiques)',
    );
    expect(c.thresholds.map((t) => t.amountExclTax)).toEqual([60_000, 216_000, 750_000]);
    expect(plain(c.explanation)).not.toContain('Journal officiel');
    const ess = reservation(c, 'ess');
    expect([ess.eligibleSuppliers, ess.suggestion, ess.articles]).toEqual([
      4,
      'reserve',
      ['L2113-15'],
    ]);
    expect(ess.explanation).toContain('trois ans au plus');
    expect(reservation(c, 'insertion').suggestion).toBe('reserve');
    // Not formalised: the clause is advised, not compulsory.
    expect(reservation(c, 'handicap').articles).toEqual(['L2112-2']);
  });

  it('sums cleaning by sector and suggests one lot per site', () => {
    const d = family('secteur:nettoyage de locaux');
    expect(d.estimatedAmount).toBe(50_000);
    expect(d.procedure).toMatch(/^Dispense/);
    expect(d.lots.map((l) => [l.name, l.estimatedAmount, l.smallLot])).toEqual([
      ['Site Harnes', 30_000, false],
      ['Site Lens', 20_000, false],
    ]);
    // Insertion: 7 and 3 in range, but one of D2's 3 is a GEIQ, no SIAE:
    // min(7, 2) = 2 SIAE < 3 → no reservation (it was « reserve » when GEIQs
    // were counted). Handicap: min(2, 5) = 2. Both budgets known and
    // 50 000 < 60 000 (dispensation): no clause suggested either.
    const insertion = reservation(d, 'insertion');
    expect([insertion.eligibleSuppliers, insertion.suggestion]).toEqual([2, 'none']);
    expect(insertion.articles).toEqual(['R2122-8', 'L2112-2']);
    expect(plain(insertion.explanation)).toBe(
      '2 structures d’insertion (SIAE) sont à portée de chacun des besoins : moins de 3 ' +
        'pour réserver le marché. Sous le seuil de dispense de 60 000 € HT (article ' +
        'R2122-8), une clause sociale d’exécution est rarement proportionnée au montant ; ' +
        'une clause réservant des heures de travail à des personnes en insertion reste ' +
        'possible (article L2112-2).',
    );
    expect(reservation(d, 'handicap').suggestion).toBe('none');
    // 60 000 / 50 000 = 1.2 → 2 years, 100 000 € ≥ 60 000 €.
    expect(plain(d.explanation)).toContain(
      'Montant annuel : un marché de plusieurs années compte toute sa durée, ' +
        'reconductions comprises (article R2121-1) : sur 2 ans, 100 000 € HT ' +
        'atteindraient le seuil de dispense de 60 000 € HT.',
    );
  });

  it('lets works under 100 000 € go without procedure', () => {
    const e = family('cpv:454');
    expect(e.procedure).toMatch(/^Dispense/);
    expect(e.thresholds.map((t) => t.amountExclTax)).toEqual([100_000, 5_404_000]);
    // Works count by operation (R2121-5), not by year.
    expect(plain(e.explanation)).toBe(
      '1 besoin de la famille « Travaux de parachèvement de bâtiment (groupe CPV 454) » ' +
        'totalise 90 000 € HT, sous le seuil de 100 000 € HT : le marché peut être passé ' +
        'sans publicité ni mise en concurrence préalables, en choisissant une offre ' +
        'pertinente et en variant les fournisseurs (article R2122-8). Pour des travaux, ' +
        'la valeur se compte par opération (article R2121-5), que le plan n’indique pas : ' +
        'cette somme par groupe CPV n’est qu’une indication, regroupez les besoins par ' +
        'opération avant de choisir la procédure.',
    );
  });

  it('says when no budget is known instead of choosing a procedure', () => {
    const f = family('besoin:F1');
    expect(f.estimatedAmount).toBeNull();
    expect(f.procedure).toBe('À déterminer (aucun budget connu)');
    expect(f.reservations.every((r) => r.eligibleSuppliers === 0)).toBe(true);
  });

  it('notes the families whose sum is a floor', () => {
    const advice = adviseProcedures(plan, match, '2026-12-05', 'etat');
    expect(advice.notes[0]).toBe(
      'Seuils en vigueur au 05/12/2026, date du calcul, pour l’État ; un marché lancé ' +
        'après un changement de seuil suit le nouveau seuil.',
    );
    expect(advice.notes[1]).toContain(
      'un marché de plusieurs années compte toute sa durée, reconductions comprises ' +
        '(article R2121-1)',
    );
    // E1 (CPV 45453000) is works.
    expect(advice.notes[2]).toBe(
      'Travaux : la valeur se compte par opération (article R2121-5), que le plan ' +
        'n’indique pas ; la somme par groupe CPV n’est qu’une indication, à refaire ' +
        'en regroupant les besoins par opération.',
    );
    expect(advice.notes[3]).toBe(
      '2 familles ont des besoins sans budget : leur montant est un minimum, à ' +
        'compléter avant de choisir la procédure.',
    );
    // The State's threshold is 140 000 €: 230 000 € is still formalised.
    expect(advice.families[0]?.thresholds[1]?.amountExclTax).toBe(140_000);
  });
});

describe('thresholds that change before the need', () => {
  const empty: MatchResult = { ...match, needs: [] };
  const advise = (need: ReturnType<typeof makeNeed>, date: string): FamilyProcedure => {
    const advice = adviseProcedures(
      { ...plan, needs: [need] },
      empty,
      date,
      'collectivite',
      { cpvLabel },
    );
    const [only] = advice.families;
    if (!only) throw new Error('aucune famille');
    return only;
  };

  it('names the dispensation and EU thresholds in force on the need’s later date', () => {
    // On 01/12/2025: dispensation 40 000, EU 221 000 → 50 000 is MAPA.
    // On 04/05/2026: dispensation 60 000 (from 01/04/2026), EU 216 000 (from
    // 01/01/2026) → 50 000 < 60 000 would be a dispensation.
    const f = advise(
      makeNeed({
        id: 'G1',
        title: 'Pain',
        cpv: '15811000',
        budget: 50_000,
        date: '2026-05-04',
      }),
      '2025-12-01',
    );
    expect(f.procedure).toBe('Procédure adaptée (MAPA)');
    expect(f.thresholds.map((t) => t.amountExclTax)).toEqual([
      40_000, 221_000, 60_000, 216_000,
    ]);
    expect(plain(f.explanation)).toContain(
      'Le premier besoin de la famille est daté du 04/05/2026 : le seuil de dispense ' +
        'sera alors de 60 000 € HT au lieu de 40 000 € HT (depuis le 01/04/2026) ; le ' +
        'seuil européen sera alors de 216 000 € HT au lieu de 221 000 € HT (depuis le ' +
        '01/01/2026) ; la procédure serait alors : Dispense de procédure (marché sans ' +
        'publicité ni mise en concurrence).',
    );
    // MAPA, 0 structure in range: the clause is still suggested on the calculation date.
    expect(f.reservations.find((r) => r.kind === 'insertion')?.suggestion).toBe('clause');
  });

  it('says when the data stop before the need’s date', () => {
    // The 2026-2027 EU thresholds end on 31/12/2027; the dispensation has no end.
    // 216 000 / 100 000 = 2.16 → 3 years, 300 000 € ≥ 216 000 €.
    const f = advise(
      makeNeed({
        id: 'G2',
        title: 'Tonte',
        cpv: '77310000',
        budget: 100_000,
        date: '2028-02-01',
      }),
      '2026-12-05',
    );
    expect(f.procedure).toBe('Procédure adaptée (MAPA)');
    expect(plain(f.explanation)).toContain(
      'sur 3 ans, 300 000 € HT atteindraient le seuil européen de 216 000 € HT. ' +
        'Le premier besoin de la famille est daté du 01/02/2028 : Passerelle ne connaît ' +
        'pas encore le seuil européen qui s’appliquera (celui de 216 000 € HT vaut ' +
        'jusqu’au 31/12/2027).',
    );
  });

  it('says nothing when the need is dated before the calculation', () => {
    const f = advise(
      makeNeed({
        id: 'G3',
        title: 'Pain',
        cpv: '15811000',
        budget: 50_000,
        date: '2018-04-13',
      }),
      '2026-12-05',
    );
    expect(f.explanation).not.toContain('premier besoin');
    expect(f.thresholds.map((t) => t.amountExclTax)).toEqual([60_000, 216_000]);
  });
});
