/**
 * French public procurement thresholds as dated data (€ HT), each with the
 * text that sets it, the CCP articles that apply it and the public pages it
 * was checked against. Entries a search could not fully confirm say so in
 * `unverified`.
 */
import type { BuyerKind, DatedThreshold, ThresholdScope } from './procedure-types';

/** A threshold of Passerelle's data: scope, buyers and checked pages always set. */
export type SourcedThreshold = DatedThreshold &
  Required<Pick<DatedThreshold, 'scope' | 'buyerKinds' | 'checkedAgainst'>>;

const BOTH: BuyerKind[] = ['etat', 'collectivite'];

const EU_2022 =
  'Avis relatif aux seuils de procédure publié au JORF du 9 décembre 2021 ' +
  '(annexe n° 2 du CCP), reprenant les seuils européens 2022-2023';
const EU_2024 =
  'Règlements délégués de la Commission européenne du 15 novembre 2023 ' +
  '(JOUE du 16 novembre 2023), annexe n° 2 du CCP';
const EU_2026 =
  'Règlement délégué (UE) 2025/2152 de la Commission du 22 octobre 2025 ' +
  '(JOUE du 23 octobre 2025), annexe n° 2 du CCP';

const CHECK_2022 = ['https://aapasso.fr/nouveaux-seuils-pour-la-periode-2022-2023'];
const CHECK_2024 = [
  'https://www.avocat-paris-barcelone.com/actualite-12755-commande-publique-publication-des-nouveaux-seuils-au-journal-officiel-de-lunion-europeenne',
  'https://efl.fr/actualite/nouveaux-seuils-passation-marches-publics_fbd280d20-f995-4f77-8303-76478d162d1c',
];
const CHECK_2026 = [
  'https://www.cdg22.fr/jcms/prod_267616/fr/commande-publique-actualisation-des-seuils-de-procedure-de-marches-publics-a-compter-du-1er-janvier-2026',
  'https://racinebrussels.eu/fr/site-web-nouveaux-seuils-europeens-2026-2027',
  'https://www.adden-leblog.com/la-valse-des-seuils-a-compter-du-1er-janvier-2026-on-change-les-habitudes',
];
const CHECK_DISPENSE_2026 = [
  'https://kohenavocats.fr/2025/12/30/decret-n-2025-1386-du-29-decembre-2025-modifiant-certains-seuils-relatifs-aux-marches-publics',
  'https://juriblio.fr/decrets/decret-no-2025-1386-du-29-decembre-2025/187419795',
  'https://www.adden-leblog.com/avis-aux-acheteurs-bercy-sattele-encore-a-la-simplification-des-regles-de-la-commande-publique',
];
const CHECK_TRAVAUX_TEMPORAIRE = [
  'https://ume.asso.fr/actualites/decret-relatif-au-seuil-de-dispense-de-publicite-et-de-mise-en-concurrence-prealables-pour-les-marches-de-travaux',
  'https://marche-public.fr/contrats-publics/Decret-2024-1217-seuil-travaux-ECOM2434725D.htm',
];
const CHECK_PETITS_LOTS = [
  'https://www.scriptio.fr/app/documents/doc/kIIKb9BT62QnDOKUxwA3U?titleId=tq8nZa3F_SoMNP-JEe_CI',
  'https://www.lalettredesmarchespublics.com/article-l-acheteur-a-interet-a-abuser-des-mini-lots-et-des-petits-lots-198732.html',
];

const FORMALISED_ARTICLES = ['L2124-1', 'R2124-1', 'R2123-1'];

function euPeriod(
  year: '2022' | '2024' | '2026',
  amounts: { etat: number; collectivite: number; travaux: number },
): SourcedThreshold[] {
  const from = `${year}-01-01`;
  const until = `${Number(year) + 1}-12-31`;
  const source = { '2022': EU_2022, '2024': EU_2024, '2026': EU_2026 }[year];
  const checkedAgainst = { '2022': CHECK_2022, '2024': CHECK_2024, '2026': CHECK_2026 }[
    year
  ];
  const common = { from, until, source, articles: FORMALISED_ARTICLES, checkedAgainst };
  return [
    {
      ...common,
      id: `formalise-fs-etat-${year}`,
      scope: 'formalise-fournitures-services',
      buyerKinds: ['etat'],
      label:
        'Seuil de procédure formalisée, fournitures et services (État, ' +
        'autorités publiques centrales)',
      amountExclTax: amounts.etat,
    },
    {
      ...common,
      id: `formalise-fs-collectivite-${year}`,
      scope: 'formalise-fournitures-services',
      buyerKinds: ['collectivite'],
      label:
        'Seuil de procédure formalisée, fournitures et services (collectivités ' +
        'territoriales et autres pouvoirs adjudicateurs)',
      amountExclTax: amounts.collectivite,
    },
    {
      ...common,
      id: `formalise-travaux-${year}`,
      scope: 'formalise-travaux',
      buyerKinds: BOTH,
      label: 'Seuil de procédure formalisée, travaux',
      amountExclTax: amounts.travaux,
    },
  ];
}

/** Every threshold Passerelle knows, oldest first within each scope. */
export const THRESHOLDS: readonly SourcedThreshold[] = [
  ...euPeriod('2022', { etat: 140_000, collectivite: 215_000, travaux: 5_382_000 }),
  ...euPeriod('2024', { etat: 143_000, collectivite: 221_000, travaux: 5_538_000 }),
  ...euPeriod('2026', { etat: 140_000, collectivite: 216_000, travaux: 5_404_000 }),
  {
    id: 'services-sociaux',
    scope: 'services-sociaux',
    buyerKinds: BOTH,
    label:
      'Seuil européen des services sociaux et autres services spécifiques ' +
      '(procédure adaptée quel que soit le montant, avis au JOUE au-delà)',
    amountExclTax: 750_000,
    from: '2019-04-01',
    until: null,
    source:
      'Directive 2014/24/UE, article 4 d) (seuil non révisé tous les deux ans), ' +
      'annexe n° 2 du CCP',
    articles: ['R2123-1'],
    checkedAgainst: [
      'https://www.gpcgov.be/fr/les-classes-et-categories-des-entrepreneurs/agreations',
    ],
    unverified:
      'Montant lu sur des pages tierces seulement ; date de départ prise à ' +
      'l’entrée en vigueur du CCP (1er avril 2019), le seuil lui est antérieur.',
  },
  {
    id: 'dispense-fs-2020',
    scope: 'dispense-fournitures-services',
    buyerKinds: BOTH,
    label:
      'Seuil de dispense de publicité et de mise en concurrence (fournitures et services)',
    amountExclTax: 40_000,
    from: '2020-01-01',
    until: '2026-03-31',
    source: 'Décret n° 2019-1344 du 12 décembre 2019',
    articles: ['R2122-8'],
    checkedAgainst: [...CHECK_TRAVAUX_TEMPORAIRE, ...CHECK_DISPENSE_2026],
  },
  {
    id: 'dispense-fs-2026',
    scope: 'dispense-fournitures-services',
    buyerKinds: BOTH,
    label:
      'Seuil de dispense de publicité et de mise en concurrence (fournitures et services)',
    amountExclTax: 60_000,
    from: '2026-04-01',
    until: null,
    source: 'Décret n° 2025-1386 du 29 décembre 2025, article 1er (1° b) et article 3',
    articles: ['R2122-8'],
    checkedAgainst: CHECK_DISPENSE_2026,
  },
  {
    id: 'dispense-travaux-2020',
    scope: 'dispense-travaux',
    buyerKinds: BOTH,
    label: 'Seuil de dispense de publicité et de mise en concurrence (travaux)',
    amountExclTax: 40_000,
    from: '2020-01-01',
    until: '2025-12-31',
    source: 'Décret n° 2019-1344 du 12 décembre 2019',
    articles: ['R2122-8'],
    checkedAgainst: CHECK_TRAVAUX_TEMPORAIRE,
  },
  {
    id: 'dispense-travaux-asap',
    scope: 'dispense-travaux',
    buyerKinds: BOTH,
    label: 'Dispense temporaire pour les travaux (loi ASAP)',
    amountExclTax: 100_000,
    from: '2020-12-08',
    until: '2022-12-31',
    source: 'Loi n° 2020-1525 du 7 décembre 2020 (ASAP), article 142',
    articles: ['R2122-8'],
    checkedAgainst: CHECK_TRAVAUX_TEMPORAIRE,
    unverified:
      'Date de départ non vérifiée (publication de la loi) ; montant et fin ' +
      '(31 décembre 2022) vérifiés.',
  },
  {
    id: 'dispense-travaux-2023',
    scope: 'dispense-travaux',
    buyerKinds: BOTH,
    label: 'Dispense temporaire pour les travaux (prorogation)',
    amountExclTax: 100_000,
    from: '2023-01-01',
    until: '2024-12-31',
    source: 'Décret n° 2022-1683 du 28 décembre 2022',
    articles: ['R2122-8'],
    checkedAgainst: CHECK_TRAVAUX_TEMPORAIRE,
    unverified:
      'Date de départ supposée au lendemain de la fin de la mesure ASAP ; ' +
      'montant et fin (31 décembre 2024) vérifiés.',
  },
  {
    id: 'dispense-travaux-2025',
    scope: 'dispense-travaux',
    buyerKinds: BOTH,
    label: 'Dispense temporaire pour les travaux (prorogation)',
    amountExclTax: 100_000,
    from: '2025-01-01',
    until: '2025-12-31',
    source: 'Décret n° 2024-1217 du 28 décembre 2024, modifiant le décret n° 2022-1683',
    articles: ['R2122-8'],
    checkedAgainst: CHECK_TRAVAUX_TEMPORAIRE,
  },
  {
    id: 'dispense-travaux-2026',
    scope: 'dispense-travaux',
    buyerKinds: BOTH,
    label: 'Seuil de dispense de publicité et de mise en concurrence (travaux)',
    amountExclTax: 100_000,
    from: '2026-01-01',
    until: null,
    source: 'Décret n° 2025-1386 du 29 décembre 2025, article 1er (1° a) et article 3',
    articles: ['R2122-8'],
    checkedAgainst: CHECK_DISPENSE_2026,
  },
  {
    id: 'petits-lots-fs',
    scope: 'petits-lots-fournitures-services',
    buyerKinds: BOTH,
    label: 'Plafond d’un petit lot (fournitures et services), dans la limite de 20 %',
    amountExclTax: 80_000,
    from: '2019-04-01',
    until: null,
    source: 'Décret n° 2018-1075 du 3 décembre 2018 (partie réglementaire du CCP)',
    articles: ['R2123-1'],
    checkedAgainst: CHECK_PETITS_LOTS,
  },
  {
    id: 'petits-lots-travaux',
    scope: 'petits-lots-travaux',
    buyerKinds: BOTH,
    label: 'Plafond d’un petit lot (travaux), dans la limite de 20 %',
    amountExclTax: 1_000_000,
    from: '2019-04-01',
    until: null,
    source: 'Décret n° 2018-1075 du 3 décembre 2018 (partie réglementaire du CCP)',
    articles: ['R2123-1'],
    checkedAgainst: CHECK_PETITS_LOTS,
  },
];

/** Small lots together stay within this share of all lots (R2123-1 2° b, R2122-8). */
export const SMALL_LOTS_MAX_SHARE = 0.2;

/** The thresholds of these buyers in force on an ISO date (yyyy-mm-dd). */
export function thresholdsInForce(
  date: string,
  buyerKind: BuyerKind,
  thresholds: readonly SourcedThreshold[] = THRESHOLDS,
): SourcedThreshold[] {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) {
    throw new Error(`Date « ${date} » invalide : attendue au format aaaa-mm-jj.`);
  }
  // ISO dates compare as text.
  return thresholds.filter(
    (t) =>
      t.buyerKinds.includes(buyerKind) &&
      t.from <= date &&
      (t.until === null || date <= t.until),
  );
}

/**
 * The threshold of a scope in force on a date; where a temporary measure
 * overlaps the permanent one (works, 2020–2025), the higher amount, since the
 * buyer may use it.
 */
export function thresholdFor(
  scope: ThresholdScope,
  date: string,
  buyerKind: BuyerKind,
  thresholds: readonly SourcedThreshold[] = THRESHOLDS,
): SourcedThreshold | null {
  const inForce = thresholdsInForce(date, buyerKind, thresholds).filter(
    (t) => t.scope === scope,
  );
  if (inForce.length === 0) return null;
  return inForce.reduce((a, b) => (b.amountExclTax > a.amountExclTax ? b : a));
}
