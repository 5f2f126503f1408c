/** The French sentences of the plan indicators, one per figure, for the screen and the report. */
import { formatFrenchNumber } from '../plan/parse-french-number';
import type { CompletePlanIndicators } from './indicator-types';
import { countOf, formatEuros, formatShare } from './french-format';

type Figures = Omit<CompletePlanIndicators, 'sentences'>;
type KindIndicator = Figures['kinds'][number];
type Before = Pick<KindIndicator, 'needs' | 'budget' | 'budgetShare'> & {
  needsWithoutBudget?: number;
};
type After = Pick<
  KindIndicator,
  'allocatedShare' | 'allocatedBudget' | 'allocatedBudgetShare'
>;

function planSentence(f: Figures): string {
  const needs = `Le plan compte ${countOf(f.needCount, 'besoin', 'besoins')}`;
  if (f.needsWithBudget === 0) {
    return `${needs} ; aucun n’a de budget : les parts de budget ne peuvent pas être calculées.`;
  }
  const without = f.needCount - f.needsWithBudget;
  if (without === 0) {
    return `${needs}, tous avec un budget : ${formatEuros(f.budgetTotal)} en tout.`;
  }
  return (
    `${needs} ; ${countOf(f.needsWithBudget, 'a', 'ont')} un budget, ` +
    `${formatEuros(f.budgetTotal)} en tout (budget connu) ; ` +
    `${countOf(without, 'besoin sans budget n’entre', 'besoins sans budget n’entrent')} ` +
    'pas dans les parts de budget.'
  );
}

function beforeSentence(label: string, what: string, f: Figures, b: Before): string {
  if (b.needs === 0) {
    const none = what.replace('au moins un ', 'de ');
    return `${label} : aucun besoin du plan n’a ${none} dans son rayon.`;
  }
  const share = f.needCount > 0 ? ` (${formatShare(b.needs / f.needCount)})` : '';
  const budget =
    b.budgetShare === null
      ? ''
      : `, pour ${formatEuros(b.budget)} de budget, soit ${formatShare(b.budgetShare)} ` +
        'du budget connu';
  const without = b.needsWithoutBudget
    ? ` (dont ${countOf(b.needsWithoutBudget, 'besoin', 'besoins')} sans budget)`
    : '';
  return (
    `${label} : ${b.needs.toLocaleString('fr-FR')} besoin${b.needs >= 2 ? 's' : ''} sur ` +
    `${f.needCount.toLocaleString('fr-FR')}${share} ${b.needs >= 2 ? 'ont' : 'a'} ` +
    `${what} dans ${b.needs >= 2 ? 'leur' : 'son'} rayon${budget}${without}.`
  );
}

function afterSentence(label: string, who: string, a: After): string {
  if (a.allocatedShare === null) {
    return `${label}, après répartition : aucun besoin n’a de quantité à répartir.`;
  }
  const budget =
    a.allocatedBudgetShare === null || a.allocatedBudget === null
      ? ''
      : `, soit ${formatEuros(a.allocatedBudget)} au prorata du budget ` +
        `(${formatShare(a.allocatedBudgetShare)} du budget connu)`;
  return (
    `${label}, après répartition : ${formatShare(a.allocatedShare)} de la demande ` +
    `en moyenne par besoin va à ${who}${budget}.`
  );
}

function quantitySentence(f: Figures): string | null {
  if (f.needsWithoutQuantity === 0) return null;
  if (f.needsWithQuantity === 0) {
    const none =
      f.needsWithoutQuantity >= 2
        ? `Aucun des ${countOf(f.needsWithoutQuantity, 'besoin', 'besoins')} n’a de quantité`
        : 'Le besoin n’a pas de quantité';
    return `${none} : rien n’est réparti, les parts après répartition ne peuvent pas être calculées.`;
  }
  return (
    `${countOf(f.needsWithoutQuantity, 'besoin sans quantité n’est', 'besoins sans quantité ne sont')} ` +
    'pas réparti' +
    `${f.needsWithoutQuantity >= 2 ? 's' : ''} : les parts après répartition sont des ` +
    `moyennes sur ${countOf(f.needsWithQuantity, 'besoin', 'besoins')} avec quantité.`
  );
}

function transportSentences(transport: NonNullable<Figures['transport']>): string[] {
  if (transport.byUnit.length === 0) {
    return ['Transport estimé après répartition : aucun volume n’est réparti.'];
  }
  return transport.byUnit.map((u) => {
    const mean =
      u.meanKm === null ? '' : `, soit ${formatFrenchNumber(u.meanKm, 1)} km en moyenne`;
    return (
      `Transport estimé après répartition : ${formatFrenchNumber(u.distanceWeightedVolume, 0)} ` +
      `${u.symbol} × km pour ${formatFrenchNumber(u.volume, 2)} ${u.symbol} livrés${mean}.`
    );
  });
}

/**
 * « 1 besoin de restauration sur 2 a un fournisseur bio dans son rayon, 2 un
 * fournisseur durable et de qualité (bio ou commerce équitable) ».
 */
function inRangeOf(egalim: NonNullable<Figures['egalim']>): string {
  const bio = egalim.needsWithBioInRange;
  const sustainable = egalim.needsWithSustainableInRange;
  const of = `sur ${egalim.needs.toLocaleString('fr-FR')}`;
  if (sustainable === 0) {
    return (
      `aucun besoin de restauration ${of} n’a de fournisseur bio ni de commerce ` +
      'équitable dans son rayon'
    );
  }
  const head =
    bio === 0
      ? `aucun besoin de restauration ${of} n’a de fournisseur bio dans son rayon`
      : `${countOf(bio, 'besoin', 'besoins')} de restauration ${of} ` +
        `${bio >= 2 ? 'ont' : 'a'} un fournisseur bio dans ${bio >= 2 ? 'leur' : 'son'} rayon`;
  return (
    `${head}, ${sustainable.toLocaleString('fr-FR')} un fournisseur durable et de ` +
    'qualité (bio ou commerce équitable)'
  );
}

function egalimSentences(
  egalim: NonNullable<Figures['egalim']>,
  allocated: boolean,
): string[] {
  const head =
    `EGalim (restauration collective, ${countOf(egalim.needs, 'besoin', 'besoins')}, ` +
    `${formatEuros(egalim.cateringBudget)} de budget connu)`;
  const law = 'article L230-5-1 du code rural et de la pêche maritime';
  const target = (share: number): string => `objectif : ${formatShare(share, 0)}`;
  const sentences: string[] = [];
  if (!allocated) {
    sentences.push(`${head} : les parts bio et durables se calculent après répartition.`);
  } else if (egalim.needsWithQuantity === 0) {
    sentences.push(
      `${head} : non calculable après répartition, aucun besoin de restauration n’a ` +
        `de quantité ; avant répartition, ${inRangeOf(egalim)}.`,
    );
  } else if (egalim.sustainableShare === null || egalim.bioShare === null) {
    sentences.push(
      `${head} : aucun besoin de restauration n’a de budget, les parts ` +
        'EGalim ne peuvent pas être calculées.',
    );
  } else {
    sentences.push(
      `${head} : après répartition, ${formatShare(egalim.sustainableShare)} de produits ` +
        `durables et de qualité (${target(egalim.targets.sustainable)}), dont ` +
        `${formatShare(egalim.bioShare)} bio (${target(egalim.targets.bio)}), ${law}.`,
    );
  }
  if (egalim.needsWithoutBudget > 0) {
    sentences.push(
      `${countOf(egalim.needsWithoutBudget, 'besoin de restauration sans budget n’est', 'besoins de restauration sans budget ne sont')} ` +
        `pas compté${egalim.needsWithoutBudget >= 2 ? 's' : ''} dans les parts EGalim.`,
    );
  }
  sentences.push(
    'Comptent comme durables et de qualité : l’agriculture biologique et le commerce ' +
      'équitable ; Label Rouge, AOP, IGP ou HVE ne sont pas connus du catalogue, et ' +
      '« producteur local » n’est pas un critère EGalim.',
  );
  return sentences;
}

/** One French sentence per figure, in the order of PlanIndicators. */
export function indicatorSentences(f: Figures, allocated: boolean): string[] {
  const sentences = [planSentence(f)];
  const quantity = allocated ? quantitySentence(f) : null;
  if (quantity) sentences.push(quantity);
  for (const kind of f.kinds) {
    sentences.push(
      beforeSentence(kind.label, 'au moins un fournisseur de ce type', f, kind),
    );
    if (allocated) sentences.push(afterSentence(kind.label, 'ces fournisseurs', kind));
  }
  const label = 'Fournisseurs responsables';
  sentences.push(
    beforeSentence(label, 'au moins un fournisseur responsable', f, f.anyResponsible),
  );
  if (allocated) {
    sentences.push(
      afterSentence(label, 'des fournisseurs responsables', f.anyResponsible),
    );
  }
  if (f.transport) sentences.push(...transportSentences(f.transport));
  if (f.egalim) sentences.push(...egalimSentences(f.egalim, allocated));
  return sentences;
}
