/** The matching method in French sentences, quoted by the report's "Méthode" sheet. */
import type { MatchOptions } from '../model';
import { formatFrenchNumber } from '../plan/parse-french-number';
import { SECTOR_FIT_FACTORS } from './sector-fit';

const pct = (factor: number): string => `${formatFrenchNumber(factor * 100)} %`;

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
      'distance à vol d’oiseau (calculée avec Turf, formule de haversine) au plus égale à ' +
      `la distance maximale du besoin (${formatFrenchNumber(options.defaultMaxDistanceKm)} km ` +
      'par défaut). Un besoin sans lieu de livraison précis n’a pas de candidats.',
    `Le score sur 100 additionne quatre parts. Secteur (${w.sector} points) : code CPV ` +
      `exact ou englobant ${pct(f.code)}, même catégorie ${pct(f.category)}, même classe ` +
      `${pct(f.class)}, secteur commun ${pct(f.sector)}, même groupe ${pct(f.group)}, ` +
      `mot-clé ${pct(f.keyword)}, même division ${pct(f.division)} ; la meilleure ` +
      'correspondance compte.',
    `Labels (${w.labels} points) : la part des labels souhaités que le fournisseur porte ; ` +
      'sans label souhaité, tous les points.',
    `Distance (${w.distance} points) : tous les points au lieu de livraison, aucun à la ` +
      'distance maximale, en proportion entre les deux.',
    `Capacité (${w.capacity} points) : moitié pour une capacité annuelle suffisante, ` +
      'moitié pour un minimum de commande atteint, quand le catalogue les connaît. Ce qu’il ' +
      'ne connaît pas est noté « à confirmer » : cela ne retire ni n’ajoute de points, le ' +
      'score est rapporté aux points qui ont pu être évalués, et aucun fournisseur n’est ' +
      'écarté pour cela.',
    'Score = 100 × points obtenus ÷ points évaluables, arrondi au dixième ; chaque part ' +
      'est arrondie au dixième de point et la distance au dixième de kilomètre.',
    'À score égal, le classement départage par la distance la plus courte, puis la ' +
      'correspondance d’activité la plus précise (code, catégorie, classe, groupe, ' +
      'division, secteur, mot-clé), puis le nom du fournisseur (ordre alphabétique ' +
      `français), puis son identifiant. Les ${options.topN} premiers sont gardés.`,
  ];
}
