/** The matching method in French sentences, quoted by the report's "Méthode" sheet. */
import type { MatchOptions } from '../model';
import { formatFrenchNumber } from '../plan/parse-french-number';
import { SECTOR_FIT_FACTORS } from './sector-fit';

const pct = (factor: number): string => `${formatFrenchNumber(factor * 100)} %`;

/** « 1, à vol d’oiseau » or « 1,3 ». */
function roadText(factor: number | undefined): string {
  return factor === undefined || factor === 1
    ? '1, soit à vol d’oiseau'
    : formatFrenchNumber(factor, 2);
}

/** Sentences describing filters, score parts, weights and tie-break for given options. */
export function methodText(options: MatchOptions): string[] {
  const w = options.weights;
  const f = SECTOR_FIT_FACTORS;
  return [
    'Pour chaque besoin, un fournisseur n’est retenu que s’il correspond à l’activité ' +
      'demandée : code CPV (le sien égal au code du besoin ou l’englobant, ou partageant ' +
      'avec lui la catégorie, la classe, le groupe ou la division), secteur commun, ou ' +
      'mots-clés du besoin tous présents dans son nom, ses secteurs ou sa description ' +
      '(au singulier ou au pluriel).',
    'Il doit aussi porter tous les labels exigés par le besoin et se trouver à une ' +
      'distance au plus égale à la distance maximale du besoin ' +
      `(${formatFrenchNumber(options.defaultMaxDistanceKm)} km par défaut). La distance ` +
      'est calculée à vol d’oiseau avec Turf (formule de haversine) puis multipliée par ' +
      `le coefficient routier (${roadText(options.roadFactor)}) : « distance routière ` +
      'estimée ». Un besoin livré sur plusieurs sites exige que le fournisseur les ' +
      'atteigne tous ; la distance du site le plus éloigné compte et chaque site est ' +
      'cité avec sa distance. Un besoin sans lieu de livraison précis n’a pas de candidats.',
    'La zone d’intervention du fournisseur est respectée sur chaque site : rayon en km ' +
      '(à vol d’oiseau depuis le fournisseur), liste de départements, liste de régions ' +
      '(région du département du site, code officiel géographique 2024) ou France entière. ' +
      'Une zone inconnue du catalogue est notée « zone d’intervention à confirmer » et ' +
      'n’écarte personne.',
    'Délai : le fournisseur est écarté quand toutes ses offres ont un délai de livraison ' +
      'connu plus long que le nombre de jours entre la date du rapprochement et la date ' +
      'du besoin. Saison : il est écarté quand toutes ses offres encore possibles ont des ' +
      'mois de disponibilité connus qui excluent le mois du besoin. Un délai, une saison ' +
      'ou une date inconnus sont « à confirmer » et n’écartent personne.',
    `Le score sur 100 additionne quatre parts. Secteur (${w.sector} points) : code CPV ` +
      `exact ou englobant ${pct(f.code)}, même catégorie ${pct(f.category)}, même classe ` +
      `${pct(f.class)}, secteur commun ${pct(f.sector)}, même groupe ${pct(f.group)}, ` +
      `mot-clé ${pct(f.keyword)}, même division ${pct(f.division)} ; la meilleure ` +
      'correspondance compte.',
    `Labels (${w.labels} points) : la part des labels souhaités que le fournisseur porte ; ` +
      'sans label souhaité, tous les points.',
    `Distance (${w.distance} points) : tous les points au lieu de livraison, aucun à la ` +
      'distance maximale, en proportion entre les deux (distance routière estimée, site ' +
      'le plus éloigné).',
    `Capacité (${w.capacity} points) : moitié quand la capacité de l’offre, ramenée à ` +
      'l’année (par semaine × 52, par mois × 12, par an ou ponctuelle × 1) et convertie ' +
      'dans l’unité du besoin (kg et t se comparent, repas et kg non), couvre la quantité ' +
      'annuelle du besoin ; moitié quand la quantité par livraison atteint le minimum de ' +
      'commande, au besoin en la regroupant avec les besoins de la même famille (même ' +
      'groupe CPV à 3 chiffres, ou même secteur sans code CPV) livrés au même site, ce ' +
      'que la phrase dit. La meilleure des offres encore possibles compte. Ce que le ' +
      'catalogue ne connaît pas, ou donne dans une unité non comparable, est noté « à ' +
      'confirmer » : cela ne retire ni n’ajoute de points, le score est rapporté aux ' +
      'points qui ont pu être évalués, et aucun fournisseur n’est écarté pour cela.',
    'Score = 100 × points obtenus ÷ points évaluables, arrondi au dixième ; chaque part ' +
      'est arrondie au dixième de point et la distance au dixième de kilomètre.',
    'À score égal, le classement départage par la distance la plus courte, puis la ' +
      'correspondance d’activité la plus précise (code, catégorie, classe, groupe, ' +
      'division, secteur, mot-clé), puis le nom du fournisseur (ordre alphabétique ' +
      `français), puis son identifiant. Les ${options.topN} premiers sont gardés.`,
  ];
}
