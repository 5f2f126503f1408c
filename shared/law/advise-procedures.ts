/**
 * What the law lets the buyer do with the plan (issue 5, point 6): needs
 * summed by homogeneous family and compared with the thresholds in force on
 * a date, suggested lots with the small-lots rule, and for each family a
 * reserved contract or a social clause, every suggestion citing the CCP.
 */
import type { MatchResult, Need, Plan } from '../model';
import { groupNeedsByFamily, type NeedFamily } from './families';
import type {
  BuyerKind,
  FamilyProcedure,
  ProcedureAdvice,
  ReservationAdvice,
  ReservationKind,
  SuggestedLot,
} from './procedure-types';
import { isEssReservableCpv } from './reserved-services';
import type { ReservableCounts } from './reservable';
import { SMALL_LOTS_MAX_SHARE, thresholdFor, type SourcedThreshold } from './thresholds';

/**
 * Eligible structures in range of every need of a family needed to suggest
 * reserving it: with three, the buyer can expect competing offers; with fewer
 * a reserved consultation risks a single offer or none (procédure
 * infructueuse), and a social clause open to every company is safer.
 */
export const MIN_ELIGIBLE_FOR_RESERVATION = 3;

/** Social conditions of execution become compulsory above EU thresholds (loi Climat). */
export const SOCIAL_CLAUSE_COMPULSORY_FROM = '2026-08-21';

export interface AdviseOptions {
  /** French label of an 8-digit CPV code (resources/cpv.json), for family names. */
  cpvLabel?: (code8: string) => string | undefined;
}

/** Advice for every family of the plan, with thresholds read on `date`. */
export function adviseProcedures(
  plan: Plan,
  match: MatchResult,
  date: string,
  buyerKind: BuyerKind = 'collectivite',
  options: AdviseOptions = {},
): ProcedureAdvice {
  const families = groupNeedsByFamily(plan.needs, options.cpvLabel).map((family) =>
    adviseFamily(family, match, date, buyerKind, options.cpvLabel ?? (() => undefined)),
  );
  const notes = [
    `Seuils en vigueur au ${frenchDate(date)}, date du calcul, pour ${
      buyerKind === 'etat' ? 'l’État' : 'une collectivité territoriale'
    } ; un marché lancé après un changement de seuil suit le nouveau seuil.`,
    'Familles homogènes : groupe CPV (3 premiers chiffres), à défaut le secteur. ' +
      'Fournitures et services : les budgets annuels d’une famille sont additionnés ' +
      '(articles R2121-6 et R2121-7) ; le plan donne des montants annuels, mais un ' +
      'marché de plusieurs années compte toute sa durée, reconductions comprises ' +
      '(article R2121-1), et peut appeler une procédure plus lourde que le montant annuel.',
  ];
  if (families.some((f) => f.familyCode.startsWith('cpv:45'))) {
    notes.push(
      'Travaux : la valeur se compte par opération (article R2121-5), que le plan ' +
        'n’indique pas ; la somme par groupe CPV n’est qu’une indication, à refaire ' +
        'en regroupant les besoins par opération.',
    );
  }
  const floors = families.filter((f) => f.needsWithoutBudget > 0).length;
  if (floors > 0) {
    notes.push(
      `${floors} famille${floors > 1 ? 's ont' : ' a'} des besoins sans budget : ` +
        'leur montant est un minimum, à compléter avant de choisir la procédure.',
    );
  }
  return { date, buyerKind, families, notes };
}

type Procedure = Pick<FamilyProcedure, 'procedure' | 'thresholds' | 'articles'> & {
  formalised: boolean;
  /** The dispensation threshold when the amount, fully known, lies below it. */
  dispensedUnder: number | null;
  sentence: string;
};

function adviseFamily(
  family: NeedFamily,
  match: MatchResult,
  date: string,
  buyerKind: BuyerKind,
  cpvLabel: (code8: string) => string | undefined,
): FamilyProcedure {
  const budgets = family.needs
    .map((n) => n.budget)
    .filter((b): b is number => b !== null);
  const amount = budgets.length > 0 ? budgets.reduce((a, b) => a + b, 0) : null;
  const needsWithoutBudget = family.needs.length - budgets.length;
  const social = family.needs.every((n) => n.cpv !== null && isEssReservableCpv(n.cpv));
  const procedure = procedureFor(
    amount,
    needsWithoutBudget > 0,
    family,
    social,
    date,
    buyerKind,
  );
  const lots = suggestLots(
    family,
    amount,
    procedure.formalised,
    date,
    buyerKind,
    cpvLabel,
  );
  const dispensedUnder = needsWithoutBudget === 0 ? procedure.dispensedUnder : null;
  const reservations = (['handicap', 'insertion', 'ess'] as const).map((kind) =>
    adviseReservation(kind, family, match, procedure.formalised, dispensedUnder, date),
  );
  const later = laterThresholds(
    family,
    procedure,
    amount,
    needsWithoutBudget,
    social,
    date,
    buyerKind,
  );
  return {
    familyCode: family.code,
    familyLabel: family.label,
    needIds: family.needs.map((n) => n.id),
    estimatedAmount: amount,
    needsWithoutBudget,
    procedure: procedure.procedure,
    thresholds: [...procedure.thresholds, ...later.thresholds],
    articles: procedure.articles,
    lots,
    reservations,
    explanation: [
      procedure.sentence,
      valueSentence(family, amount, procedure),
      later.sentence,
      smallLotsSentence(lots, amount),
    ]
      .filter(Boolean)
      .join(' '),
  };
}

/**
 * How the value is counted beyond the plan's annual amounts. Works: by
 * operation (R2121-5), which the plan does not record. Supplies and services:
 * the whole duration, renewals included (R2121-1); when 2 to 4 years of the
 * annual amount reach the next threshold, says after how many.
 */
function valueSentence(
  family: NeedFamily,
  amount: number | null,
  procedure: Procedure,
): string {
  if (family.nature === 'travaux') {
    return (
      'Pour des travaux, la valeur se compte par opération (article R2121-5), ' +
      'que le plan n’indique pas : cette somme par groupe CPV n’est qu’une indication, ' +
      'regroupez les besoins par opération avant de choisir la procédure.'
    );
  }
  if (amount === null) return '';
  const base =
    'Montant annuel : un marché de plusieurs années compte toute sa durée, ' +
    'reconductions comprises (article R2121-1)';
  const next = procedure.formalised
    ? null
    : (procedure.thresholds as SourcedThreshold[])
        .filter((t) => t.scope !== 'services-sociaux' && t.amountExclTax > amount)
        .sort((a, b) => a.amountExclTax - b.amountExclTax)[0];
  const years = next && amount > 0 ? Math.ceil(next.amountExclTax / amount) : 0;
  if (!next || years < 2 || years > 4) return `${base}.`;
  return (
    `${base} : sur ${years} ans, ${euros(years * amount)} HT atteindraient le ` +
    `${SCOPE_NAMES[next.scope]} de ${euros(next.amountExclTax)} HT.`
  );
}

/** Short French names of threshold scopes, as a sentence writes them. */
const SCOPE_NAMES: Record<SourcedThreshold['scope'], string> = {
  'formalise-fournitures-services': 'seuil européen',
  'formalise-travaux': 'seuil européen',
  'services-sociaux': 'seuil des services sociaux',
  'dispense-fournitures-services': 'seuil de dispense',
  'dispense-travaux': 'seuil de dispense',
  'petits-lots-fournitures-services': 'plafond des petits lots',
  'petits-lots-travaux': 'plafond des petits lots',
};

/**
 * When the family's earliest dated need falls after the calculation date and
 * a threshold of the data changes in between, the threshold that will then
 * apply (added to the family's thresholds) and the procedure it would give.
 */
function laterThresholds(
  family: NeedFamily,
  procedure: Procedure,
  amount: number | null,
  needsWithoutBudget: number,
  social: boolean,
  date: string,
  buyerKind: BuyerKind,
): { thresholds: SourcedThreshold[]; sentence: string } {
  const dates = family.needs
    .map((n) => n.date)
    .filter((d): d is string => d !== null && /^\d{4}-\d{2}-\d{2}$/.test(d))
    .sort();
  const first = dates[0];
  if (!first || first <= date) return { thresholds: [], sentence: '' };
  const changes: string[] = [];
  const thresholds: SourcedThreshold[] = [];
  for (const now of procedure.thresholds as SourcedThreshold[]) {
    const then = thresholdFor(now.scope, first, buyerKind);
    if (then?.id === now.id) continue;
    if (then === null) {
      changes.push(
        `Passerelle ne connaît pas encore le ${SCOPE_NAMES[now.scope]} qui s’appliquera ` +
          `(celui de ${euros(now.amountExclTax)} HT vaut jusqu’au ${frenchDate(now.until ?? first)})`,
      );
    } else if (then.amountExclTax !== now.amountExclTax) {
      thresholds.push(then);
      changes.push(
        `le ${SCOPE_NAMES[now.scope]} sera alors de ${euros(then.amountExclTax)} HT ` +
          `au lieu de ${euros(now.amountExclTax)} HT (depuis le ${frenchDate(then.from)})`,
      );
    }
  }
  if (changes.length === 0) return { thresholds: [], sentence: '' };
  const thenProcedure = procedureFor(
    amount,
    needsWithoutBudget > 0,
    family,
    social,
    first,
    buyerKind,
  ).procedure;
  const differs =
    thenProcedure !== procedure.procedure && !thenProcedure.startsWith('À déterminer');
  return {
    thresholds,
    sentence:
      `Le premier besoin de la famille est daté du ${frenchDate(first)} : ` +
      changes.join(' ; ') +
      (differs ? ` ; la procédure serait alors : ${thenProcedure}.` : '.'),
  };
}

/** Which lots may use the small-lots rule, and their share of the family. */
function smallLotsSentence(lots: readonly SuggestedLot[], total: number | null): string {
  const small = lots.filter((l) => l.smallLot);
  if (small.length === 0 || total === null) return '';
  const sum = small.reduce((a, l) => a + (l.estimatedAmount ?? 0), 0);
  const names = small.map((l) => `« ${l.name} » (${euros(l.estimatedAmount ?? 0)} HT)`);
  return (
    `Petits lots en procédure adaptée (article R2123-1, 2°) : ${names.join(', ')}, ` +
    `soit ${euros(sum)} HT, sous la limite de 20 % de ${euros(total)} HT ` +
    `(${euros(SMALL_LOTS_MAX_SHARE * total)} HT).`
  );
}

function procedureFor(
  amount: number | null,
  isFloor: boolean,
  family: NeedFamily,
  social: boolean,
  date: string,
  buyerKind: BuyerKind,
): Procedure {
  const works = family.nature === 'travaux';
  const dispense = thresholdFor(
    works ? 'dispense-travaux' : 'dispense-fournitures-services',
    date,
    buyerKind,
  );
  const formal = thresholdFor(
    works ? 'formalise-travaux' : 'formalise-fournitures-services',
    date,
    buyerKind,
  );
  const socialThreshold = social
    ? thresholdFor('services-sociaux', date, buyerKind)
    : null;
  const thresholds = [dispense, formal, socialThreshold].filter(
    (t): t is SourcedThreshold => t !== null,
  );
  const n = family.needs.length;
  // Works are summed by CPV group, not by year: valueSentence says why.
  const perYear = works ? '' : ' par an';
  const sum =
    `${n} besoin${n > 1 ? 's' : ''} de la famille « ${family.label} » ` +
    `${n > 1 ? 'totalisent' : 'totalise'} ${isFloor ? 'au moins ' : ''}`;
  if (amount === null) {
    return {
      procedure: 'À déterminer (aucun budget connu)',
      thresholds,
      articles: ['R2121-1'],
      formalised: false,
      dispensedUnder: null,
      sentence:
        `Aucun des ${n} besoins de la famille « ${family.label} » n’a de budget : ` +
        'la procédure ne peut être choisie qu’une fois la valeur estimée connue (article R2121-1).',
    };
  }
  if (!dispense || !formal) {
    return {
      procedure: 'À déterminer (seuils inconnus à cette date)',
      thresholds,
      articles: [],
      formalised: false,
      dispensedUnder: null,
      sentence: `Passerelle ne connaît pas les seuils en vigueur au ${frenchDate(date)}.`,
    };
  }
  const money = euros(amount);
  if (amount < dispense.amountExclTax) {
    return {
      procedure: 'Dispense de procédure (marché sans publicité ni mise en concurrence)',
      thresholds,
      articles: ['R2122-8'],
      formalised: false,
      dispensedUnder: dispense.amountExclTax,
      sentence:
        `${sum}${money} HT${perYear}, sous le seuil de ${euros(dispense.amountExclTax)} HT : ` +
        'le marché peut être passé sans publicité ni mise en concurrence préalables, ' +
        'en choisissant une offre pertinente et en variant les fournisseurs (article R2122-8).',
    };
  }
  if (socialThreshold) {
    const above = amount >= socialThreshold.amountExclTax;
    return {
      procedure: 'Procédure adaptée (services sociaux et autres services spécifiques)',
      thresholds,
      articles: ['L2123-1', 'R2123-1'],
      formalised: false,
      dispensedUnder: null,
      sentence:
        `${sum}${money} HT${perYear} ; ces services sociaux et spécifiques peuvent être ` +
        'passés en procédure adaptée quel que soit le montant (article R2123-1, 3°)' +
        (above
          ? `, avec un avis publié au Journal officiel de l’Union européenne au-delà de ${euros(socialThreshold.amountExclTax)} HT.`
          : '.'),
    };
  }
  if (amount < formal.amountExclTax) {
    return {
      procedure: 'Procédure adaptée (MAPA)',
      thresholds,
      articles: ['L2123-1', 'R2123-1'],
      formalised: false,
      dispensedUnder: null,
      sentence:
        `${sum}${money} HT${perYear}, entre ${euros(dispense.amountExclTax)} HT et le seuil ` +
        `européen de ${euros(formal.amountExclTax)} HT : procédure adaptée, avec une publicité ` +
        'proportionnée au montant (articles L2123-1 et R2123-1, 1°).',
    };
  }
  return {
    procedure: 'Procédure formalisée (appel d’offres ou autre procédure formalisée)',
    thresholds,
    articles: ['L2124-1', 'R2124-1'],
    formalised: true,
    dispensedUnder: null,
    sentence:
      `${sum}${money} HT${perYear}, au-dessus du seuil européen de ` +
      `${euros(formal.amountExclTax)} HT : procédure formalisée obligatoire ` +
      '(articles L2124-1 et R2124-1), les petits lots pouvant suivre une procédure adaptée (article R2123-1, 2°).',
  };
}

/**
 * One lot per CPV class (4 digits) when the family spans several; else one
 * per delivery site when it has several; else a single lot. Allotment is the
 * rule (L2113-10); the buyer may decline it only for the reasons of L2113-11.
 */
function suggestLots(
  family: NeedFamily,
  total: number | null,
  formalised: boolean,
  date: string,
  buyerKind: BuyerKind,
  cpvLabel: (code8: string) => string | undefined,
): SuggestedLot[] {
  const byClass = groupBy(family.needs, (n) => (n.cpv ? n.cpv.slice(0, 4) : ''));
  const bySite = groupBy(family.needs, siteKey);
  const groups =
    byClass.size > 1
      ? [...byClass.entries()].map(([cls, needs]) => ({
          name: cls ? lotNameOfClass(cls, needs, cpvLabel) : 'Sans code CPV',
          needs,
        }))
      : bySite.size > 1
        ? [...bySite.values()].map((needs) => ({
            name: `Site ${needs[0] ? siteName(needs[0]) : ''}`,
            needs,
          }))
        : [{ name: family.label, needs: family.needs }];
  const lots = groups.map(({ name, needs }) => ({
    name,
    needIds: needs.map((n) => n.id),
    estimatedAmount: sumBudgets(needs),
    smallLot: false,
  }));
  if (!formalised || total === null || lots.length < 2) return lots;
  const limit = thresholdFor(
    family.nature === 'travaux'
      ? 'petits-lots-travaux'
      : 'petits-lots-fournitures-services',
    date,
    buyerKind,
  );
  if (!limit) return lots;
  // Smallest lots first, so that as many as possible fit in the 20 % share.
  const candidates = lots
    .filter((l) => l.estimatedAmount !== null && l.estimatedAmount < limit.amountExclTax)
    .sort((a, b) => (a.estimatedAmount ?? 0) - (b.estimatedAmount ?? 0));
  let cumulated = 0;
  for (const lot of candidates) {
    const next = cumulated + (lot.estimatedAmount ?? 0);
    if (next > SMALL_LOTS_MAX_SHARE * total) break;
    lot.smallLot = true;
    cumulated = next;
  }
  return lots;
}

function adviseReservation(
  kind: ReservationKind,
  family: NeedFamily,
  match: MatchResult,
  formalised: boolean,
  dispensedUnder: number | null,
  date: string,
): ReservationAdvice {
  const byNeed = new Map(match.needs.map((m) => [m.needId, m]));
  // The suppliers a reservation may go to (NeedMatch.inRange.reservable),
  // narrower than the indicator kinds: a GEIQ is no SIAE.
  const counts = family.needs
    .map((n) => byNeed.get(n.id)?.inRange.reservable[RESERVABLE_COUNT[kind]])
    .filter((c): c is number => c !== undefined);
  // Each need of the family has at least this many eligible suppliers in range.
  const eligible = counts.length > 0 ? Math.min(...counts) : 0;
  const structures = STRUCTURES[kind][eligible > 1 ? 1 : 0];
  const target = family.needs.length > 1 ? 'chacun des besoins' : 'ce besoin';
  // « Aucune structure … n’est à portée », never « 0 structure … est ».
  const inRange =
    eligible === 0
      ? `Aucune ${structures} n’est à portée de ${target}`
      : `${eligible} ${structures} ${eligible > 1 ? 'sont' : 'est'} à portée de ${target}`;
  if (kind === 'ess') {
    const listed = family.needs.every((n) => n.cpv !== null && isEssReservableCpv(n.cpv));
    if (!listed) {
      return {
        kind,
        eligibleSuppliers: eligible,
        suggestion: 'none',
        articles: ['L2113-15'],
        explanation:
          `${inRange}, mais la réservation à l’économie sociale et solidaire ne vaut que ` +
          'pour les services de santé, sociaux et culturels de la liste annexée au code (article L2113-15).',
      };
    }
  }
  if (eligible >= MIN_ELIGIBLE_FOR_RESERVATION) {
    return {
      kind,
      eligibleSuppliers: eligible,
      suggestion: 'reserve',
      articles: [RESERVATION_ARTICLE[kind]],
      explanation:
        `${inRange} : le marché ou certains de ses lots peuvent leur être réservés ` +
        `(article ${RESERVATION_ARTICLE[kind]}${kind === 'ess' ? ', trois ans au plus' : ''}).`,
    };
  }
  if (kind === 'ess') {
    return {
      kind,
      eligibleSuppliers: eligible,
      suggestion: 'none',
      articles: ['L2113-15'],
      explanation:
        `${inRange} : moins de ${MIN_ELIGIBLE_FOR_RESERVATION}, une réservation ` +
        '(article L2113-15) risquerait de ne recevoir aucune offre.',
    };
  }
  if (dispensedUnder !== null) {
    // Below the dispensation threshold the buyer may simply pick a relevant
    // offer (R2122-8): a clause's drafting and follow-up seldom fit the amount.
    return {
      kind,
      eligibleSuppliers: eligible,
      suggestion: 'none',
      articles: ['R2122-8', 'L2112-2'],
      explanation:
        `${inRange} : moins de ${MIN_ELIGIBLE_FOR_RESERVATION} pour réserver le marché. ` +
        `Sous le seuil de dispense de ${euros(dispensedUnder)} HT (article R2122-8), ` +
        'une clause sociale d’exécution est rarement proportionnée au montant ; ' +
        `une clause ${CLAUSE[kind]} reste possible (article L2112-2).`,
    };
  }
  const compulsory = formalised && date >= SOCIAL_CLAUSE_COMPULSORY_FROM;
  return {
    kind,
    eligibleSuppliers: eligible,
    suggestion: 'clause',
    articles: compulsory ? ['L2112-2', 'loi n° 2021-1104, art. 35'] : ['L2112-2'],
    explanation:
      `${inRange} : moins de ${MIN_ELIGIBLE_FOR_RESERVATION} pour réserver le marché, ` +
      `une clause sociale d’exécution ${CLAUSE[kind]} est préférable (article L2112-2)` +
      (compulsory
        ? ' ; en procédure formalisée, une condition d’exécution sociale est obligatoire ' +
          'depuis le 21 août 2026 (loi Climat et résilience, article 35).'
        : '.'),
  };
}

const STRUCTURES: Record<ReservationKind, [string, string]> = {
  handicap: [
    'structure du secteur du handicap (EA ou ESAT)',
    'structures du secteur du handicap (EA ou ESAT)',
  ],
  insertion: ['structure d’insertion (SIAE)', 'structures d’insertion (SIAE)'],
  ess: [
    'structure de l’économie sociale et solidaire',
    'structures de l’économie sociale et solidaire',
  ],
};

/** Which count of NeedMatch.inRange.reservable each reservation reads. */
const RESERVABLE_COUNT: Record<ReservationKind, keyof ReservableCounts> = {
  handicap: 'disability',
  insertion: 'siae',
  ess: 'ess',
};

const RESERVATION_ARTICLE: Record<ReservationKind, string> = {
  handicap: 'L2113-12',
  insertion: 'L2113-13',
  ess: 'L2113-15',
};

const CLAUSE: Record<ReservationKind, string> = {
  handicap: 'ouvrant la sous-traitance ou la co-traitance à une EA ou un ESAT',
  insertion: 'réservant des heures de travail à des personnes en insertion',
  ess: '',
};

/** « Classe CPV 7731 : Services de plantation et d'entretien… », else the first need's title. */
function lotNameOfClass(
  cls: string,
  needs: readonly Need[],
  cpvLabel: (code8: string) => string | undefined,
): string {
  return `Classe CPV ${cls} : ${cpvLabel(`${cls}0000`) ?? needs[0]?.title ?? ''}`;
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    groups.set(k, [...(groups.get(k) ?? []), item]);
  }
  return groups;
}

function siteKey(need: Need): string {
  return need.place?.inseeCode ?? need.place?.label ?? need.placeText.trim();
}

function siteName(need: Need): string {
  return need.place?.label ?? (need.placeText.trim() || 'non précisé');
}

function sumBudgets(needs: readonly Need[]): number | null {
  const budgets = needs.map((n) => n.budget).filter((b): b is number => b !== null);
  return budgets.length > 0 ? budgets.reduce((a, b) => a + b, 0) : null;
}

/** 215000 → « 215 000 € » (narrow no-break spaces, as French typography wants). */
export function euros(amount: number): string {
  return `${Math.round(amount).toLocaleString('fr-FR')} €`;
}

function frenchDate(iso: string): string {
  const [y, m, d] = iso.split('-');
  return `${d}/${m}/${y}`;
}
