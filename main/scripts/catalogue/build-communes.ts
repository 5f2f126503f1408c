/** Builds resources/communes.json: one record per INSEE code of COG 2024. */
import type { CommuneRecord, CommunesFile } from '../../../shared/model';
import { field, readCsv } from './read-csv';
import { compareText, foldName, roundTo } from '../../../shared/catalogue/text';

export const COMMUNES_SOURCE =
  'rcarlier/datas.fun, France/communes.csv, commit b9874080432e11b943e93aeae75ee372a024697b (COG 2024)';
export const COMMUNES_LICENCE =
  'Aucune licence indiquée dans le dépôt ; données amont INSEE et La Poste/data.gouv.fr sous Licence Ouverte (Etalab)';

/** What the commune build kept and left out. */
export interface CommunesBuild {
  file: CommunesFile;
  /** Communes without coordinates, as "insee name". */
  skipped: string[];
}

const TYPE_ORDER: Record<CommuneRecord['type'], number> = { COM: 0, ARM: 1, COMD: 2 };

/** Reads the commune CSV and groups its (commune, postcode) rows by INSEE code. */
export function buildCommunes(path: string): CommunesBuild {
  const byCode = new Map<string, CommuneRecord>();
  const skipped = new Set<string>();
  /** Names of the communes déléguées under each code (they share their commune's). */
  const delegatedNames = new Map<string, string[]>();
  for (const record of readCsv(path)) {
    const type = field(record, 'commune_type');
    if (type !== 'COM' && type !== 'ARM' && type !== 'COMD') {
      throw new Error(
        `Fichier ${path}, enregistrement ${record.recordNumber}, colonne commune_type : valeur « ${type} » inconnue`,
      );
    }
    const insee = field(record, 'insee_com');
    const lat = field(record, 'lat');
    const lon = field(record, 'lng');
    if (lat === '' || lon === '') {
      skipped.add(
        `${insee} ${field(record, 'commune_article') || field(record, 'commune')}`,
      );
      continue;
    }
    const postcode = field(record, 'code_postal');
    if (type === 'COMD') {
      const names = delegatedNames.get(insee) ?? [];
      names.push(field(record, 'commune_article') || field(record, 'commune'));
      delegatedNames.set(insee, names);
    }
    const existing = byCode.get(insee);
    // A commune déléguée often shares its code with its parent: the COM row wins.
    if (existing && TYPE_ORDER[existing.type] <= TYPE_ORDER[type]) {
      if (postcode && !existing.postcodes.includes(postcode))
        existing.postcodes.push(postcode);
      continue;
    }
    const population = field(record, 'population_2021');
    byCode.set(insee, {
      insee,
      name: field(record, 'commune'),
      fullName: field(record, 'commune_article') || field(record, 'commune'),
      postcodes: [...(existing?.postcodes ?? []), ...(postcode ? [postcode] : [])],
      departement: field(record, 'insee_dep'),
      region: field(record, 'insee_reg'),
      lat: roundTo(Number(lat), 5),
      lon: roundTo(Number(lon), 5),
      type,
      parent: type === 'COM' ? null : field(record, 'insee_parente') || null,
      // A commune déléguée repeats its parent's figures: not its own population.
      population: type === 'COMD' || population === '' ? null : Number(population),
    });
  }
  fillDelegatedCommunes(byCode);
  addFormerNames(byCode, delegatedNames);
  const communes = [...byCode.values()].sort((a, b) => compareText(a.insee, b.insee));
  for (const commune of communes)
    commune.postcodes = [...new Set(commune.postcodes)].sort();
  return {
    file: { source: COMMUNES_SOURCE, licence: COMMUNES_LICENCE, communes },
    skipped: [...skipped].sort(),
  };
}

/**
 * A commune nouvelle keeps the names of the communes déléguées it took in
 * (they share its code in the file, so only its row is kept): a buyer who
 * writes the old name finds it.
 */
function addFormerNames(
  byCode: Map<string, CommuneRecord>,
  delegatedNames: ReadonlyMap<string, string[]>,
): void {
  for (const [insee, names] of delegatedNames) {
    const commune = byCode.get(insee);
    if (!commune || commune.type === 'COMD') continue;
    const own = new Set([foldName(commune.name), foldName(commune.fullName)]);
    const former = [...new Set(names)].filter((name) => !own.has(foldName(name))).sort();
    if (former.length > 0) commune.formerNames = former;
  }
}

/** Communes déléguées have no département nor région in the file: take their parent's. */
function fillDelegatedCommunes(byCode: Map<string, CommuneRecord>): void {
  for (const commune of byCode.values()) {
    if (commune.departement !== '' && commune.region !== '') continue;
    const parent = commune.parent ? byCode.get(commune.parent) : undefined;
    if (!parent) {
      throw new Error(
        `Commune ${commune.insee} ${commune.name} : commune parente ${commune.parent ?? '(vide)'} introuvable`,
      );
    }
    commune.departement = commune.departement || parent.departement;
    commune.region = commune.region || parent.region;
  }
}
