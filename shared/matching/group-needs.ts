/**
 * Needs of the same family delivered at the same site, which a buyer can
 * order together to reach a supplier's minimum order.
 */
import type { Need } from '../model';
import { foldText } from '../text/fold-text';

/**
 * The family of a need: its CPV group (3 digits), or its sectors when it has
 * no CPV code; null when it has neither.
 */
export function familyOf(need: Need): string | null {
  if (need.cpv !== null) return `cpv:${need.cpv.slice(0, 3)}`;
  if (need.sectorIds.length > 0) {
    return `secteur:${[...need.sectorIds].sort((a, b) => a - b).join(',')}`;
  }
  if (need.sector !== null && need.sector.trim() !== '') {
    return `secteur:${foldText(need.sector)}`;
  }
  return null;
}

/** The delivery site as a key: its commune code, else its name and coordinates. */
function siteKey(need: Need): string | null {
  const place = need.place;
  if (!place) return null;
  return place.inseeCode ?? `${place.label}@${place.lat},${place.lon}`;
}

/**
 * For every need, the other needs of its group: same family, same site and
 * same kind of quantity (so that their quantities add up). A need alone in
 * its group maps to an empty list.
 */
export function groupNeeds(needs: readonly Need[]): Map<string, Need[]> {
  const groups = new Map<string, Need[]>();
  const keyOf = new Map<string, string>();
  for (const need of needs) {
    const family = familyOf(need);
    const site = siteKey(need);
    if (family === null || site === null || need.quantityKind === null) continue;
    const key = `${family}|${site}|${need.quantityKind}`;
    keyOf.set(need.id, key);
    const group = groups.get(key);
    if (group) group.push(need);
    else groups.set(key, [need]);
  }
  const others = new Map<string, Need[]>();
  for (const need of needs) {
    const key = keyOf.get(need.id);
    const group = key === undefined ? [] : (groups.get(key) ?? []);
    others.set(
      need.id,
      group.filter((n) => n.id !== need.id),
    );
  }
  return others;
}
