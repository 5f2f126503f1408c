/**
 * Resolves what a buyer types as a delivery place (commune, postcode, INSEE
 * code, "commune + postcode/département", or "latitude, longitude") to a Place.
 *
 * Decisions:
 * - A 5-character code is read as a postcode first, then as an INSEE code.
 *   Half of all postcodes are also the INSEE code of another commune (62440 is
 *   Harnes' postcode and Hermies' INSEE code), and buyers write postcodes far
 *   more often, so flagging every such code as ambiguous would be noise. Write
 *   "INSEE 62440" (or "code INSEE 62440") to force the INSEE reading.
 * - Homonyms are never picked silently: every candidate is returned.
 * - A commune déléguée named like its parent commune is dropped in favour of
 *   the parent; a commune nouvelle answers to the old names of the communes
 *   it took in (CommuneRecord.formerNames); an arrondissement (Paris 16e) wins over its parent commune
 *   when it is the only one holding the postcode.
 */
import { distanceKm } from '../matching/distance-km';
import type {
  CommuneRecord,
  CommunesFile,
  LatLon,
  Place,
  PlaceResolution,
} from '../model';
import { foldText } from '../text/fold-text';
import { coordinatesLabel, parseCoordinates } from './parse-coordinates';
import { readWrittenPlace, withoutCedex } from './read-written-place';

/** Lookup tables over the communes; build once with buildPlaceIndex, treat as opaque. */
export interface PlaceIndex {
  readonly byName: ReadonlyMap<string, readonly CommuneRecord[]>;
  readonly byPostcode: ReadonlyMap<string, readonly CommuneRecord[]>;
  readonly byInsee: ReadonlyMap<string, CommuneRecord>;
  /** Département of each record (COMD rows of the source have none of their own). */
  readonly departementOf: ReadonlyMap<CommuneRecord, string>;
}

const TYPE_PREFERENCE = { COM: 0, ARM: 1, COMD: 2 } as const;

/** Département code from an INSEE code: 2 characters, 3 overseas (971…989). */
function departementOfInsee(insee: string): string {
  return /^9[78]/.test(insee) ? insee.slice(0, 3) : insee.slice(0, 2);
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) {
    if (!list.includes(value)) list.push(value);
  } else map.set(key, [value]);
}

/** Names an arrondissement also answers to: "paris", "paris 16e", "paris 16". */
function arrondissementAliases(record: CommuneRecord): string[] {
  const match = /^(.*) (\d+)(?:er|e) arrondissement$/.exec(foldText(record.name));
  if (!match) return [];
  const [, city, number] = match;
  return [`${city}`, `${city} ${number}e`, `${city} ${number}`];
}

/** Builds the lookup tables from resources/communes.json. */
export function buildPlaceIndex(file: CommunesFile): PlaceIndex {
  const byName = new Map<string, CommuneRecord[]>();
  const byPostcode = new Map<string, CommuneRecord[]>();
  const byInsee = new Map<string, CommuneRecord>();
  const departementOf = new Map<CommuneRecord, string>();

  // A COMD may share its INSEE code with its parent: the commune wins.
  for (const record of file.communes) {
    const known = byInsee.get(record.insee);
    if (!known || TYPE_PREFERENCE[record.type] < TYPE_PREFERENCE[known.type]) {
      byInsee.set(record.insee, record);
    }
    departementOf.set(
      record,
      record.departement || departementOfInsee(record.parent ?? record.insee),
    );
  }

  for (const record of file.communes) {
    const parent = record.parent === null ? undefined : byInsee.get(record.parent);
    const ownName = foldText(record.name);
    const isParentsTwin =
      record.type === 'COMD' &&
      parent?.type === 'COM' &&
      foldText(parent.name) === ownName;
    if (!isParentsTwin) {
      push(byName, ownName, record);
      push(byName, foldText(record.fullName), record);
    }
    // A merged commune is found under the name of a commune it took in.
    for (const former of record.formerNames ?? []) push(byName, foldText(former), record);
    if (record.type === 'ARM' && parent?.type !== 'COM') {
      for (const alias of arrondissementAliases(record)) push(byName, alias, record);
    }
    // A commune déléguée's postcodes are its parent's: the parent answers them.
    if (record.type !== 'COMD' || !parent) {
      for (const postcode of record.postcodes) push(byPostcode, postcode, record);
    }
  }
  return { byName, byPostcode, byInsee, departementOf };
}

function notFound(input: string): PlaceResolution {
  return {
    status: 'not-found',
    message:
      `Lieu « ${input.trim()} » introuvable : indiquez une commune, un code postal, ` +
      'un code INSEE ou « latitude, longitude ».',
  };
}

function toPlace(
  index: PlaceIndex,
  record: CommuneRecord,
  label: string,
  postcode: string | null,
): Place {
  return {
    label,
    inseeCode: record.insee,
    postcode,
    departement: index.departementOf.get(record) ?? null,
    lat: record.lat,
    lon: record.lon,
  };
}

function firstPostcode(record: CommuneRecord): string | null {
  return [...record.postcodes].sort()[0] ?? null;
}

/** Drops a commune when one of its own arrondissements is also a candidate. */
function preferArrondissements(records: readonly CommuneRecord[]): CommuneRecord[] {
  const parents = new Set(records.filter((r) => r.type === 'ARM').map((r) => r.parent));
  return records.filter((r) => !parents.has(r.insee));
}

/** Candidates labelled so they can be told apart: "Saint-Denis (93)" for homonyms. */
function labelledCandidates(
  index: PlaceIndex,
  records: readonly CommuneRecord[],
  postcode: string | null,
): Place[] {
  const sorted = [...records].sort(
    (a, b) => (b.population ?? 0) - (a.population ?? 0) || a.insee.localeCompare(b.insee),
  );
  const dep = (r: CommuneRecord): string => index.departementOf.get(r) ?? '';
  const nameCount = new Map<string, number>();
  const nameDepCount = new Map<string, number>();
  for (const r of sorted) {
    nameCount.set(r.fullName, (nameCount.get(r.fullName) ?? 0) + 1);
    const key = `${r.fullName}|${dep(r)}`;
    nameDepCount.set(key, (nameDepCount.get(key) ?? 0) + 1);
  }
  return sorted.map((r) => {
    const code = postcode ?? firstPostcode(r);
    const isHomonym = (nameCount.get(r.fullName) ?? 0) > 1;
    const depTellsApart = nameDepCount.get(`${r.fullName}|${dep(r)}`) === 1;
    const qualifier = isHomonym && depTellsApart ? dep(r) : (code ?? r.insee);
    return toPlace(index, r, `${r.fullName} (${qualifier})`, code);
  });
}

/** One candidate → found, labelled "Harnes (62440)"; several → ambiguous. */
function resolution(
  index: PlaceIndex,
  records: readonly CommuneRecord[],
  postcode: string | null,
): PlaceResolution {
  const candidates = preferArrondissements(records);
  const only = candidates.length === 1 ? candidates[0] : undefined;
  if (only) {
    const code = postcode ?? firstPostcode(only);
    const label = code === null ? only.fullName : `${only.fullName} (${code})`;
    return { status: 'found', place: toPlace(index, only, label, code) };
  }
  return {
    status: 'ambiguous',
    candidates: labelledCandidates(index, candidates, postcode),
  };
}

/** Communes a code stands for: postcode first, else INSEE code (see module doc). */
function recordsOfCode(index: PlaceIndex, code: string): CommuneRecord[] {
  const byPostcode = index.byPostcode.get(code);
  if (byPostcode) return [...byPostcode];
  const byInsee = index.byInsee.get(code.toUpperCase());
  return byInsee ? [byInsee] : [];
}

/** Keeps the communes matching a postcode (5 digits) or a département code. */
function narrow(
  index: PlaceIndex,
  records: readonly CommuneRecord[],
  qualifier: string,
): CommuneRecord[] {
  if (/^\d{5}$/.test(qualifier))
    return records.filter((r) => r.postcodes.includes(qualifier));
  const departement = qualifier.toUpperCase().padStart(2, '0');
  return records.filter((r) => index.departementOf.get(r) === departement);
}

/** A point farther than this from every commune centre is not a delivery place in France. */
const MAX_KM_FROM_A_COMMUNE = 50;

/** The commune centre nearest to a point (a scan: one typed point, ~35,000 communes). */
function nearestCommune(
  index: PlaceIndex,
  point: LatLon,
): { record: CommuneRecord; km: number } | null {
  let best: { record: CommuneRecord; km: number } | null = null;
  for (const record of index.byInsee.values()) {
    const km = distanceKm(point, record);
    if (!best || km < best.km) best = { record, km };
  }
  return best;
}

/** Resolves a typed place; never picks one of several candidates silently. */
export function resolvePlace(index: PlaceIndex, input: string): PlaceResolution {
  const coordinates = parseCoordinates(input);
  if (coordinates.kind === 'out-of-range' || coordinates.kind === 'single-number') {
    return { status: 'not-found', message: coordinates.message };
  }
  if (coordinates.kind === 'coordinates') {
    const { lat, lon } = coordinates.point;
    const label = coordinatesLabel(coordinates.point);
    const nearest = nearestCommune(index, coordinates.point);
    if (nearest && nearest.km > MAX_KM_FROM_A_COMMUNE) {
      return {
        status: 'not-found',
        message:
          `Coordonnées « ${input.trim()} » hors de France : la commune la plus proche, ` +
          `${nearest.record.name}, est à ${Math.round(nearest.km).toLocaleString('fr-FR')} km. ` +
          'Vérifiez l’ordre « latitude ; longitude » (par exemple « 50,45 ; 2,90 »).',
      };
    }
    return {
      status: 'found',
      place: { label, inseeCode: null, postcode: null, departement: null, lat, lon },
    };
  }

  const folded = foldText(input);
  const forcedInsee = /^(?:code )?insee (\d[0-9ab]\d{3})$/.exec(folded);
  if (forcedInsee) {
    const record = index.byInsee.get((forcedInsee[1] ?? '').toUpperCase());
    return record ? resolution(index, [record], null) : notFound(input);
  }
  if (/^(?:\d{5}|2[ab]\d{3})$/.test(folded)) {
    const records = recordsOfCode(index, folded);
    const postcode = index.byPostcode.has(folded) ? folded : null;
    return records.length > 0 ? resolution(index, records, postcode) : notFound(input);
  }

  const named = index.byName.get(folded);
  if (named) return resolution(index, named, null);

  // « 49321 CHOLET CEDEX », « 67180 HAGUENAU » (an INSEE code), « 69123 A Lyon ».
  const written = readWrittenPlace(index, folded);
  if (written) return resolution(index, written.communes, written.postcode);
  const { text: plain, cedex } = withoutCedex(folded);
  const namedCedex = cedex ? index.byName.get(plain) : undefined;
  if (namedCedex) return resolution(index, namedCedex, null);

  // "59000 Lille", "Lille 59000", "Lille (59)", "Lille, 59", "Ajaccio 2A", "76 Grand Quevilly".
  const split =
    /^(\d{5}) (.+)$/.exec(folded)?.slice(1).reverse() ??
    /^(.+) (\d{5}|\d{1,3}|2[ab])$/.exec(folded)?.slice(1) ??
    /^(\d{1,3}|2[ab]) (.+)$/.exec(folded)?.slice(1).reverse();
  const [name, qualifier] = split ?? [];
  const homonyms = name === undefined ? undefined : index.byName.get(name);
  if (!homonyms || qualifier === undefined) return notFound(input);
  const narrowed = narrow(index, homonyms, qualifier);
  const postcode = /^\d{5}$/.test(qualifier) ? qualifier : null;
  // A qualifier that matches none of the homonyms is a typo somewhere: let the buyer pick.
  if (narrowed.length > 0) return resolution(index, narrowed, postcode);
  return { status: 'ambiguous', candidates: labelledCandidates(index, homonyms, null) };
}
