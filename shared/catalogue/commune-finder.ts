/** Finds the INSEE commune of an address from its postcode and city name. */
import type { CommuneRecord, LatLon } from '../model';
import { foldName } from './text';

/** The commune found, and how sure the match is. */
export type CommuneMatch =
  | { status: 'found'; commune: CommuneRecord }
  | { status: 'postcode-only'; commune: CommuneRecord }
  | { status: 'not-found' };

/** Looks communes up by postcode + folded name, then by folded name in a département. */
export class CommuneFinder {
  private readonly byPostcode = new Map<string, CommuneRecord[]>();
  private readonly byDepartementName = new Map<string, CommuneRecord[]>();
  private readonly byName = new Map<string, CommuneRecord[]>();

  constructor(communes: CommuneRecord[]) {
    for (const commune of communes) {
      for (const postcode of commune.postcodes) push(this.byPostcode, postcode, commune);
      for (const name of namesOf(commune)) {
        push(this.byDepartementName, `${commune.departement}|${name}`, commune);
        push(this.byName, name, commune);
      }
    }
  }

  /**
   * The communes of all France with this name (a COM before its communes
   * déléguées), for a record that gives a commune without a postcode: one
   * means found, several mean the buyer must say which.
   */
  withName(city: string): CommuneRecord[] {
    const candidates = this.byName.get(foldName(city)) ?? [];
    const main = candidates.filter((c) => c.type === 'COM');
    const pool = main.length > 0 ? main : candidates;
    return [...new Map(pool.map((c) => [c.insee, c])).values()];
  }

  /** The distinct communes that share this postcode. */
  withPostcode(postcode: string): CommuneRecord[] {
    const pool = (this.byPostcode.get(postcode) ?? []).filter((c) => c.type !== 'COMD');
    return [...new Map(pool.map((c) => [c.insee, c])).values()];
  }

  /** Best commune for a postcode and a city as written in a supplier file. */
  find(postcode: string, city: string, departement: string | null): CommuneMatch {
    const folded = foldName(city);
    const candidates = this.byPostcode.get(postcode) ?? [];
    const named = preferCommunes(candidates.filter((c) => namesOf(c).includes(folded)));
    if (named) return { status: 'found', commune: named };
    // "Paris" + 75011 → "Paris 11e Arrondissement".
    const prefixed = preferCommunes(
      candidates.filter((c) => namesOf(c).some((name) => name.startsWith(`${folded} `))),
    );
    if (prefixed) return { status: 'found', commune: prefixed };
    const dep = departement ?? postcodeDepartement(postcode);
    const byName = preferCommunes(this.byDepartementName.get(`${dep}|${folded}`) ?? []);
    if (byName) return { status: 'found', commune: byName };
    if (candidates.length === 1)
      return { status: 'postcode-only', commune: candidates[0]! };
    return { status: 'not-found' };
  }

  /**
   * The commune of a département with this name (for files without a postcode); for
   * Paris, Lyon and Marseille, the arrondissement nearest to the given point.
   */
  findByName(city: string, departement: string, near: LatLon): CommuneRecord | null {
    const folded = foldName(city.replace(/\(.*?\)/g, ''));
    const exact = preferCommunes(
      this.byDepartementName.get(`${departement}|${folded}`) ?? [],
    );
    if (exact) return exact;
    const town = folded.split(' ')[0] ?? '';
    const arrondissements = [...this.byDepartementName.entries()]
      .filter(([key]) => key.startsWith(`${departement}|${town} `))
      .flatMap(([, communes]) => communes.filter((c) => c.type === 'ARM'));
    let nearest: CommuneRecord | null = null;
    for (const commune of arrondissements) {
      if (!nearest || squaredDistance(commune, near) < squaredDistance(nearest, near)) {
        nearest = commune;
      }
    }
    return nearest;
  }
}

/** One commune when the list names one place: a COM before its communes déléguées. */
function preferCommunes(candidates: CommuneRecord[]): CommuneRecord | null {
  if (candidates.length === 0) return null;
  const main = candidates.filter((c) => c.type !== 'COMD');
  const pool = main.length > 0 ? main : candidates;
  const distinct = [...new Map(pool.map((c) => [c.insee, c])).values()];
  return distinct.length === 1 ? distinct[0]! : null;
}

/** Enough to rank arrondissements of one city by nearness. */
function squaredDistance(commune: CommuneRecord, point: LatLon): number {
  return (commune.lat - point.lat) ** 2 + (commune.lon - point.lon) ** 2;
}

function namesOf(commune: CommuneRecord): string[] {
  return [...new Set([foldName(commune.name), foldName(commune.fullName)])];
}

/** Département of a postcode: two first digits, Corsica 20 → 2A/2B left to the name lookup. */
function postcodeDepartement(postcode: string): string {
  if (postcode.startsWith('97')) return postcode.slice(0, 3);
  return postcode.slice(0, 2);
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
