/** Builds resources/cpv.json from the French CPV 2008 nomenclature. */
import type { CpvFile } from '../../../shared/model';
import { field, readCsv } from './read-csv';
import { compareText } from '../../../shared/catalogue/text';

export const CPV_SOURCE =
  'RonanB400/decp_ml, docs/cpv_2008_ver_2013_FR.csv @95905d4 (CPV 2008, version 2013)';
export const CPV_LICENCE =
  "Données de référence publiées en open data par l'Union européenne";

/** Reads CODE,FR rows ("77310000-6") into 8 digits + check digit + label. */
export function buildCpv(path: string): CpvFile {
  const codes = readCsv(path).map((record) => {
    const raw = field(record, 'CODE');
    const match = /^(\d{8})-(\d)$/.exec(raw);
    if (!match) {
      throw new Error(
        `Fichier ${path}, enregistrement ${record.recordNumber}, colonne CODE : « ${raw} » n'a pas la forme 12345678-9`,
      );
    }
    return { code: match[1]!, check: match[2]!, label: field(record, 'FR') };
  });
  codes.sort((a, b) => compareText(a.code, b.code));
  return { source: CPV_SOURCE, licence: CPV_LICENCE, codes };
}
