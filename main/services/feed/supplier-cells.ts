/** Reading the cells of a publisher's supplier spreadsheet, one field at a time. */
import { parseLabels } from '../../../shared/labels';
import {
  SUPPLIER_KIND_NAMES,
  SUPPLIER_KINDS,
  type LabelCode,
  type Sector,
  type ServiceArea,
  type SupplierKind,
} from '../../../shared/model';
import { resolveSectorName } from '../../../shared/plan/resolve-sector-name';
import { foldText } from '../../../shared/text/fold-text';

/** A cell read into a field, or the French reason it cannot be. */
export type CellRead<T> = { ok: true; value: T } | { ok: false; message: string };

const ok = <T>(value: T): CellRead<T> => ({ ok: true, value });
const bad = <T>(message: string): CellRead<T> => ({ ok: false, message });

const KIND_BY_FOLDED = new Map<string, SupplierKind>(
  SUPPLIER_KINDS.flatMap((kind) => {
    const name = SUPPLIER_KIND_NAMES[kind];
    const bare = name.replace(/\s*\([^)]*\)$/, '');
    return [kind, name, bare].map((text) => [foldText(text), kind] as const);
  }),
);

/** « EI », « ESAT », « Entreprise adaptée »… */
export function readKind(text: string): CellRead<SupplierKind> {
  const kind = KIND_BY_FOLDED.get(foldText(text));
  if (kind) return ok(kind);
  return bad(
    text === ''
      ? 'type de structure manquant'
      : `type de structure inconnu (types possibles : ${SUPPLIER_KINDS.join(', ')})`,
  );
}

/** « insertion, ESUS » → sorted label codes; an unknown label is an error. */
export function readLabels(text: string): CellRead<LabelCode[]> {
  const { labels, unknown } = parseLabels(text);
  if (unknown.length > 0) return bad(`label inconnu : « ${unknown.join(' ; ')} »`);
  return ok([...labels].sort());
}

/**
 * Sector ids or names separated by « ; » or line breaks (names may hold
 * commas): the ids, sorted, and the union of their CPV codes, sorted.
 */
export function readSectors(
  text: string,
  sectors: readonly Sector[],
): CellRead<{ sectorIds: number[]; cpv: string[] }> {
  const ids = new Set<number>();
  for (const part of text.split(/[;|\n]/).map((p) => p.trim())) {
    if (part === '') continue;
    const byId = /^\d+$/.test(part) ? sectors.find((s) => s.id === Number(part)) : null;
    const resolved = byId
      ? { ok: true as const, sector: byId }
      : resolveSectorName(part, sectors);
    if (!resolved.ok) {
      return bad(
        resolved.reason === 'ambiguous'
          ? `secteur ambigu « ${part} » (${resolved.sectors.map((s) => s.name).join(' ; ')})`
          : `secteur inconnu « ${part} »`,
      );
    }
    ids.add(resolved.sector.id);
  }
  const sectorIds = [...ids].sort((a, b) => a - b);
  const cpv = new Set(
    sectorIds.flatMap((id) => sectors.find((s) => s.id === id)?.cpv ?? []),
  );
  return ok({ sectorIds, cpv: [...cpv].sort() });
}

/** « 56.21Z » or « 5621z » → « 5621Z »; empty → null. */
export function readNaf(text: string): CellRead<string | null> {
  if (text === '') return ok(null);
  const naf = text.replace(/[.\s]/g, '').toUpperCase();
  return /^\d{4}[A-Z]$/.test(naf) ? ok(naf) : bad('code NAF non conforme (ex. 56.21Z)');
}

/** An http(s) address; « www.exemple.fr » gets « https:// ». */
export function readWebsite(text: string): CellRead<string | null> {
  if (text === '') return ok(null);
  if (/^https?:\/\/\S+$/i.test(text)) return ok(text);
  if (/^[\w-]+(\.[\w-]+)+(\/\S*)?$/.test(text)) return ok(`https://${text}`);
  return bad('adresse de site web non conforme (ex. https://exemple.fr)');
}

/** Five digits (a leading zero Excel dropped is put back); empty allowed. */
export function readPostcode(text: string): CellRead<string> {
  const postcode = /^\d{4}$/.test(text) ? `0${text}` : text;
  return /^(\d{5})?$/.test(postcode)
    ? ok(postcode)
    : bad('code postal non conforme (5 chiffres)');
}

/** Largest radius of a service area: metropolitan France is about 1 000 km across. */
const MAX_RADIUS_KM = 1000;

/** « national », « 30 km », « départements 59, 62 », « régions 32, 11 »; empty → null. */
export function readServiceArea(text: string): CellRead<ServiceArea | null> {
  const folded = foldText(text);
  if (folded === '') return ok(null);
  if (/^(national|nationale|france|france entiere)$/.test(folded))
    return ok({ kind: 'national' });
  const radius = /^(\d+(?:[.,]\d+)?) ?km$/.exec(text.trim().toLowerCase());
  const km = Number(radius?.[1]?.replace(',', '.'));
  if (radius && km > MAX_RADIUS_KM) {
    return bad(
      `rayon de ${radius[1]} km trop grand (${MAX_RADIUS_KM} km au plus : au-delà, ` +
        'écrivez « national »)',
    );
  }
  if (radius && km > 0) return ok({ kind: 'radius', km });
  const list = /^(departements?|dep|regions?) (.+)$/.exec(folded);
  const codes = list?.[2]?.toUpperCase().split(' ') ?? [];
  if (list && codes.every((c) => /^(\d{2,3}|2A|2B)$/.test(c))) {
    return ok({ kind: list[1]?.startsWith('reg') ? 'regions' : 'departements', codes });
  }
  return bad(
    'zone d’intervention non comprise (écrivez « national », « 30 km », ' +
      '« départements 59, 62 » ou « régions 32 »)',
  );
}
