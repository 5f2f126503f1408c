/** The columns of the purchase-plan template, as the buyer sees them. */
import type { CellValue } from './sheet';

/** Header row of the plan template, in order. */
export const PLAN_TEMPLATE_HEADERS: readonly string[] = [
  'Intitulé',
  'Code CPV',
  'Secteur',
  'Mots-clés',
  'Quantité',
  'Unité',
  'Fréquence',
  'Date de besoin',
  'Lieu de livraison',
  'Distance max (km)',
  'Labels exigés',
  'Labels souhaités',
  'Budget (€ HT)',
];

/** One realistic example row, aligned with PLAN_TEMPLATE_HEADERS. */
export const PLAN_TEMPLATE_EXAMPLE: readonly CellValue[] = [
  'Entretien des espaces verts des écoles',
  '77310000-6',
  'Création et entretien des espaces verts',
  'tonte, taille de haies',
  24,
  'intervention',
  'annuel',
  '01/03/2026',
  '62440 Harnes',
  30,
  'Insertion',
  'ESUS, circuit court',
  18000,
];
