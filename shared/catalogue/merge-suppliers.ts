/**
 * How records of several catalogue sources become one supplier (pure rules;
 * main/services/sync/apply-records.ts finds the partners in the database).
 *
 * Who is the same supplier:
 *   1. two records with the same SIRET are one supplier, whatever their sources;
 *   2. else a record joins a supplier with the same folded name (foldText) whose
 *      record lies within MERGE_DISTANCE_KM (200 m, Turf great-circle
 *      distance), provided the supplier holds no record of the same source (a
 *      source's own records are distinct suppliers: its publisher already
 *      deduplicated them) and no other SIRET (two SIRETs are two
 *      establishments, never merged);
 *   3. else the record is a supplier of its own.
 *   When several suppliers qualify in 2, the one with the nearest record wins.
 *
 * What the merged supplier says (mergeSupplierRecords):
 *   - labels, sectors and CPV codes: the union of its records';
 *   - provenances (`sources`): every record's, each with its `sourceId`;
 *   - name, address and location (taken together): from the most recent
 *     record, i.e. the one whose content changed last in the local database
 *     (highest revision); ties go to the source configured first, then to the
 *     smaller record id;
 *   - kind: the most precise any record gives, the most recent first: an
 *     insertion or disability kind (EI, ACI… EA, ESAT) over ESS over
 *     ENTREPRISE, so a map that knows no kinds never hides that a supplier
 *     is an insertion company;
 *   - brand, NAF, description, website, e-mail, telephone, service area: from
 *     the most recent record that gives one (an empty field never hides a
 *     known value); e-mail and telephone are left out when no record gives
 *     them, so suppliers without contacts keep their bytes;
 *   - offers: every record's, the most recent first, one per offer id;
 *   - id: `siret-<SIRET>` when a record gives a SIRET, else the record id of
 *     the source configured first (see mergedSupplierId).
 */
import type { LabelCode, LatLon, RecordSource, Supplier } from '../model';
import { distanceKm } from '../matching/distance-km';
import { foldText } from '../text/fold-text';

/** Two records with the same folded name closer than this are one supplier, km. */
export const MERGE_DISTANCE_KM = 0.2;

/** The name as records are compared: folded (accents, case, punctuation, "St"). */
export function mergeName(name: string): string {
  return foldText(name);
}

/** One record of a source, as the merge sees it. */
export interface MergeMember {
  sourceId: string;
  /** Position of the source in the configured list (embedded first): lower wins ties. */
  sourceRank: number;
  recordId: string;
  /** Local revision at which the record's content last changed: higher is more recent. */
  revision: number;
  record: Supplier;
  /** Provenance to use when the record gives none. */
  fallbackSource?: RecordSource;
}

/** What identifies a record or a supplier for the same-supplier rules. */
export interface MergeKey {
  siret: string | null;
  nameFolded: string;
  location: LatLon;
  sourceId: string;
}

/** A supplier being built: what the rules need to know about it. */
export interface MergeGroupKey {
  siret: string | null;
  /** Its records so far: the sources they come from. */
  members: readonly { sourceId: string }[];
}

/**
 * Whether `record` may join a supplier found by name near one of its records
 * (`near`): same folded name, within 200 m, no record of the same source, no
 * other SIRET. Returns the distance in km, or null when it may not join.
 */
export function nameMatchDistance(
  record: MergeKey,
  near: { nameFolded: string; location: LatLon },
  group: MergeGroupKey,
): number | null {
  if (record.nameFolded === '' || near.nameFolded !== record.nameFolded) return null;
  if (group.members.some((m) => m.sourceId === record.sourceId)) return null;
  if (group.siret !== null && record.siret !== null && group.siret !== record.siret) {
    return null;
  }
  const km = distanceKm(record.location, near.location);
  return km <= MERGE_DISTANCE_KM ? km : null;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** What the provenance order and the supplier id look at in a member. */
export interface MemberPlace {
  sourceRank: number;
  recordId: string;
  siret: string | null;
}

/** Members in the order of the source list, then record id: the provenance order. */
function bySource(
  a: Pick<MemberPlace, 'sourceRank' | 'recordId'>,
  b: Pick<MemberPlace, 'sourceRank' | 'recordId'>,
): number {
  return a.sourceRank - b.sourceRank || compareText(a.recordId, b.recordId);
}

/** Most recent first; ties: source configured first, then record id. */
export function byRecency(a: MergeMember, b: MergeMember): number {
  return b.revision - a.revision || bySource(a, b);
}

/** The SIRET the members share (the rules never put two SIRETs together). */
export function mergedSiret(members: readonly MergeMember[]): string | null {
  return siretFirst(members.map(placeOf));
}

function placeOf(m: MergeMember): MemberPlace {
  return { sourceRank: m.sourceRank, recordId: m.recordId, siret: m.record.siret };
}

function siretFirst(members: readonly MemberPlace[]): string | null {
  for (const m of [...members].sort(bySource)) {
    if (m.siret) return m.siret;
  }
  return null;
}

/**
 * The id the merged supplier would like: `siret-<SIRET>` with a SIRET, else
 * the record id of the source configured first. The store replaces it by
 * fallbackSupplierId when another supplier already holds it.
 */
export function mergedSupplierId(
  members: readonly (MergeMember | MemberPlace)[],
): string {
  const places = members.map((m) => ('record' in m ? placeOf(m) : m));
  const siret = siretFirst(places);
  if (siret) return `siret-${siret}`;
  const first = [...places].sort(bySource)[0];
  if (!first) throw new Error('mergedSupplierId: no member');
  return first.recordId;
}

/**
 * A stable id for a supplier whose wanted id is taken (two sources using the
 * same record ids): the letters of the wanted id, then a number derived from
 * the source and record ids (FNV-1a), plus `attempt` on a further clash.
 * It keeps the catalogue format's id pattern `[a-z-]+-<digits>`.
 */
export function fallbackSupplierId(
  wanted: string,
  sourceId: string,
  recordId: string,
  attempt: number,
): string {
  const prefix = /^[a-z-]*[a-z]/.exec(wanted)?.[0] ?? 'fournisseur';
  let hash = 0x811c9dc5;
  for (const char of `${sourceId}\u0000${recordId}`) {
    hash ^= char.codePointAt(0) ?? 0;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return `${prefix}-${hash + attempt * 0x100000000}`;
}

function firstGiven<T>(
  members: readonly MergeMember[],
  pick: (s: Supplier) => T | null,
): T | null {
  for (const m of members) {
    const value = pick(m.record);
    if (value !== null && value !== undefined) return value;
  }
  return null;
}

/** Lower is more precise: a kind the law names beats a generic one. */
function kindPrecision(kind: Supplier['kind']): number {
  return kind === 'ENTREPRISE' ? 2 : kind === 'ESS' ? 1 : 0;
}

/** The most precise kind of the records, sorted most recent first. */
function mostPreciseKind(recent: readonly MergeMember[]): Supplier['kind'] {
  let best = recent[0]?.record.kind ?? 'ENTREPRISE';
  for (const m of recent) {
    if (kindPrecision(m.record.kind) < kindPrecision(best)) best = m.record.kind;
  }
  return best;
}

/** The merged supplier of `members` (at least one), with the id given. */
export function mergeSupplierRecords(
  id: string,
  members: readonly MergeMember[],
): Supplier {
  const recent = [...members].sort(byRecency);
  const lead = recent[0];
  if (!lead) throw new Error('mergeSupplierRecords: no member');
  const r = lead.record;
  const labels = new Set<LabelCode>();
  const sectorIds = new Set<number>();
  const cpv = new Set<string>();
  for (const m of members) {
    for (const label of m.record.labels) labels.add(label);
    for (const sector of m.record.sectorIds) sectorIds.add(sector);
    for (const code of m.record.cpv) cpv.add(code);
  }
  const offers: Supplier['offers'] = [];
  const offerIds = new Set<string>();
  for (const m of recent) {
    for (const offer of m.record.offers) {
      if (offerIds.has(offer.id)) continue;
      offerIds.add(offer.id);
      offers.push(offer);
    }
  }
  const sources: RecordSource[] = [];
  for (const m of [...members].sort(bySource)) {
    const given = m.record.sources ?? [];
    const list = given.length > 0 ? given : m.fallbackSource ? [m.fallbackSource] : [];
    for (const source of list) sources.push({ ...source, sourceId: m.sourceId });
  }
  const email = firstGiven(recent, (s) => s.email ?? null);
  const phone = firstGiven(recent, (s) => s.phone ?? null);
  // Field order follows the catalogue format, so single records read the same.
  return {
    id,
    siret: mergedSiret(members),
    name: r.name,
    brand: firstGiven(recent, (s) => s.brand),
    kind: mostPreciseKind(recent),
    labels: [...labels].sort(compareText),
    naf: firstGiven(recent, (s) => s.naf),
    sectorIds: [...sectorIds].sort((a, b) => a - b),
    cpv: [...cpv].sort(compareText),
    description: firstGiven(recent, (s) => s.description),
    website: firstGiven(recent, (s) => s.website),
    ...(email === null ? {} : { email }),
    ...(phone === null ? {} : { phone }),
    address: r.address,
    location: r.location,
    serviceArea: firstGiven(recent, (s) => s.serviceArea),
    offers,
    sources,
  };
}
