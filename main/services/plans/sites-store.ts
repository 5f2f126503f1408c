/**
 * The buyers' delivery sites, in the `sites` table of plans.sqlite
 * (migration 2): one row per buyer and site name, the place as typed and
 * the commune it resolved to, checked again on every save.
 */
import type { Database, SqlValue } from 'sql.js';
import type { Place } from '../../../shared/model';
import type {
  DeliverySite,
  SiteKey,
  SiteRequest,
} from '../../../shared/plan/delivery-sites';
import { resolvePlace, type PlaceIndex } from '../../../shared/places/place-index';
import { UserError } from '../user-error';

const MAX_TEXT = 200;

/** Most candidates named when a place is ambiguous. */
const QUOTED_CANDIDATES = 6;

function siteOf([buyer, name, placeText, place, updatedAt]: SqlValue[]): DeliverySite {
  return {
    buyer: String(buyer),
    name: String(name),
    placeText: String(placeText),
    place: JSON.parse(String(place)) as Place,
    updatedAt: String(updatedAt),
  };
}

/** A buyer or site name: trimmed, not empty, not too long. */
function checkText(value: unknown, what: 'acheteur' | 'nom du site'): string {
  const text = typeof value === 'string' ? value.trim() : '';
  if (text === '') {
    throw new UserError(
      what === 'acheteur'
        ? 'Indiquez l’acheteur du plan : les sites de livraison sont rangés par acheteur.'
        : 'Donnez un nom au site de livraison (par exemple « Cuisine centrale »).',
    );
  }
  if (text.length > MAX_TEXT) {
    throw new UserError(
      `Le ${what} « ${text.slice(0, 40)}… » est trop long (${MAX_TEXT} caractères au plus).`,
    );
  }
  return text;
}

/** The buyer's sites, by name. */
export function listSites(db: Database, buyer: unknown): DeliverySite[] {
  const name = typeof buyer === 'string' ? buyer.trim() : '';
  if (name === '') return [];
  return (
    db.exec(
      'SELECT buyer, name, place_text, place, updated_at FROM sites WHERE buyer = ? ' +
        'ORDER BY name COLLATE NOCASE, name',
      [name],
    )[0]?.values ?? []
  ).map(siteOf);
}

function samePlace(a: Place, b: unknown): boolean {
  const p = b as Partial<Place> | null;
  return (
    p !== null &&
    typeof p === 'object' &&
    p.lat === a.lat &&
    p.lon === a.lon &&
    p.inseeCode === a.inseeCode
  );
}

/**
 * The commune a site's place resolves to: the one found, or for a name
 * several communes share, the one the request chose among them.
 */
function placeOfSite(places: PlaceIndex, request: SiteRequest, name: string): Place {
  const typed = typeof request.placeText === 'string' ? request.placeText.trim() : '';
  if (typed === '') {
    throw new UserError(`Indiquez le lieu du site « ${name} » : commune ou code postal.`);
  }
  const resolution = resolvePlace(places, typed);
  if (resolution.status === 'found') return resolution.place;
  if (resolution.status === 'not-found') {
    throw new UserError(`Site « ${name} » : ${resolution.message}`);
  }
  const chosen = resolution.candidates.find((c) => samePlace(c, request.place));
  if (chosen) return chosen;
  const shown = resolution.candidates.slice(0, QUOTED_CANDIDATES).map((c) => c.label);
  const more = resolution.candidates.length > shown.length ? ', …' : '';
  throw new UserError(
    `Plusieurs communes correspondent à « ${typed} » (${shown.join(', ')}${more}) : ` +
      `choisissez la commune du besoin avant d’enregistrer le site « ${name} ».`,
  );
}

/** Saves a site (replacing the buyer's site of the same name); returns the buyer's sites. */
export function saveSite(
  db: Database,
  places: PlaceIndex,
  request: SiteRequest,
  now: Date,
): DeliverySite[] {
  const buyer = checkText(request?.buyer, 'acheteur');
  const name = checkText(request.name, 'nom du site');
  const place = placeOfSite(places, request, name);
  db.run(
    'INSERT OR REPLACE INTO sites (buyer, name, place_text, place, updated_at) ' +
      'VALUES (?, ?, ?, ?, ?)',
    [buyer, name, request.placeText.trim(), JSON.stringify(place), now.toISOString()],
  );
  return listSites(db, buyer);
}

/** Deletes a site; returns the buyer's sites left. */
export function deleteSite(db: Database, key: SiteKey): DeliverySite[] {
  const buyer = checkText(key?.buyer, 'acheteur');
  const name = checkText(key.name, 'nom du site');
  if (!db.exec('SELECT 1 FROM sites WHERE buyer = ? AND name = ?', [buyer, name])[0]) {
    throw new UserError(
      `Le site « ${name} » de « ${buyer} » n’existe pas (ou plus) : il a peut-être été supprimé.`,
    );
  }
  db.run('DELETE FROM sites WHERE buyer = ? AND name = ?', [buyer, name]);
  return listSites(db, buyer);
}
