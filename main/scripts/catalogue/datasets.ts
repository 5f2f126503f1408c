/** The source data sets of the catalogue, with the licence their data README states. */

/** A data set a supplier record can come from. */
export interface DatasetInfo {
  /** Short prefix of record-based supplier ids. */
  key: string;
  name: string;
  path: string;
  commit: string;
  licence: string;
  url: string;
}

const NO_LICENCE = 'Aucune licence indiquée dans le dépôt';

export const INCLUSION_DATASET: DatasetInfo = {
  key: 'lemarche',
  name: "Marché de l'inclusion (fixture des structures)",
  path: 'suppliers/inclusion/lemarche_structures_inclusives.csv',
  commit: '05043031b14cea668136d228438a4fcd5ff19937',
  licence: `${NO_LICENCE} (code de service public du GIP de l'inclusion) ; liste SIAE d'origine ASP/DGEFP`,
  url: 'https://github.com/gip-inclusion/le-marche/blob/05043031b14cea668136d228438a4fcd5ff19937/lemarche/fixtures/django/01_siaes.json',
};

export const ASP_DATASET: DatasetInfo = {
  key: 'asp',
  name: 'Liste ASP des SIAE (juillet 2019)',
  path: 'suppliers/inclusion/asp_liste_siae_2019-07.csv',
  commit: 'ffa3de1f7795a52eb0f82e0b1134a7bb452b3ff0',
  licence: 'AGPL-3.0 pour le code du dépôt ; aucune licence propre aux données',
  url: 'https://github.com/gip-inclusion/les-emplois/blob/ffa3de1f7795a52eb0f82e0b1134a7bb452b3ff0/itou/siae/management/commands/data/2019_07_liste_siae.csv',
};

export const ASP_EXTRA_DATASET: DatasetInfo = {
  key: 'asp-complement',
  name: 'Données complémentaires ASP des SIAE (juillet 2019, codes ROME)',
  path: 'suppliers/inclusion/asp_siae_donnees_complementaires_2019-07.csv',
  commit: '85b5882121ff0598f0474b88f03ba495544285f3',
  licence: 'AGPL-3.0 pour le code du dépôt ; aucune licence propre aux données',
  url: 'https://github.com/gip-inclusion/les-emplois/blob/85b5882121ff0598f0474b88f03ba495544285f3/itou/siaes/management/commands/data/2019_07_liste_siae_additional_data.csv',
};

export const REEMPLOI_DATASET: DatasetInfo = {
  key: 'reemploi',
  name: 'Acteurs du réemploi pour une commande publique circulaire (preuve de concept)',
  path: 'suppliers/reemploi/acteurs_reemploi_poc.csv',
  commit: '12a8bc445bef96178427acacb8e56e4edac29a25',
  licence: `${NO_LICENCE} ; données dites « illustratives, à fiabiliser » par le dépôt`,
  url: 'https://github.com/planification-ecologique/achats-reemploi/blob/12a8bc445bef96178427acacb8e56e4edac29a25/acteurs_reemploi_poc.csv',
};

export const SECTORS_DATASET: DatasetInfo = {
  key: 'secteurs',
  name: "Secteurs du Marché de l'inclusion",
  path: 'suppliers/inclusion/lemarche_secteurs.csv',
  commit: '05043031b14cea668136d228438a4fcd5ff19937',
  licence: NO_LICENCE,
  url: 'https://github.com/gip-inclusion/le-marche/tree/05043031b14cea668136d228438a4fcd5ff19937/lemarche/fixtures/django',
};

/** Every data set the catalogue build reads, in README order. */
export const CATALOGUE_DATASETS: DatasetInfo[] = [
  INCLUSION_DATASET,
  ASP_DATASET,
  ASP_EXTRA_DATASET,
  REEMPLOI_DATASET,
  SECTORS_DATASET,
];
