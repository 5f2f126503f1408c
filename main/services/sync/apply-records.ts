/**
 * Applies a source's records to the local catalogue: a full snapshot or a
 * change set, in one transaction, recomputing only the merged suppliers the
 * changes touch (the rules are in shared/catalogue/merge-suppliers.ts).
 *
 * Tables: `source_records` has one row per source and record id, with the
 * merged supplier it belongs to, what the merge looks up (SIRET, folded
 * name, coordinates), the SHA-1 of the record's JSON (to see what changed)
 * and the JSON itself when the supplier merges several records; a record
 * alone in its supplier is read back from `suppliers.json`, which then says
 * the same, so the catalogue is not stored twice. `suppliers` holds the
 * merged catalogue every other part of Passerelle reads.
 */
import { hash } from 'node:crypto';
import type { Database, SqlValue, Statement } from 'sql.js';
import {
  fallbackSupplierId,
  MERGE_DISTANCE_KM,
  mergeSupplierRecords,
  mergedSupplierId,
  nameMatchDistance,
  type MergeMember,
} from '../../../shared/catalogue/merge-suppliers';
import type { SourceConfig } from '../../../shared/feed/sync-types';
import { boxAround, isInBox, type LatLonBox } from '../../../shared/matching/distance-km';
import type { Catalogue, Sector, Supplier } from '../../../shared/model';
import {
  readSourceRows,
  refreshCatalogueMeta,
  sourceForApply,
  sourceProvenance,
} from '../database/source-rows';
import {
  INSERT_SUPPLIER_SQL,
  readSectorNames,
  refreshAllSearchText,
  supplierRowValues,
  textBytes,
} from '../database/supplier-row';
import { roomLost } from '../database/file-room';
import { recordKeys, type RecordList } from '../feed/feed-record-list';
import { runInSlices, runToEnd } from '../run-steps';
import { UserError } from '../user-error';

/** State of the source once the records are applied, saved in the same transaction. */
interface SourceStateInput {
  sourceId: string;
  /** Cursor and sequence reached, as the source gave them (null when it has none). */
  cursor: string | null;
  sequence: number | null;
  /** HTTP validators of the downloaded file, kept for the next conditional request. */
  etag?: string | null;
  lastModified?: string | null;
  /**
   * When given, the source must hold exactly this many records once applied
   * (the feed's supplierCount); otherwise nothing is applied.
   */
  expectedRecordCount?: number;
  /** Stamped as the catalogue's `loadedAt` when something changed; default now. */
  appliedAt?: Date;
}

/** Every record of a source: those it no longer holds are removed. */
export interface SnapshotInput extends SourceStateInput {
  records: Supplier[];
  /** The caller gives `records` up (see ApplyOperation.handOver). */
  handOver?: boolean;
  /** The sector taxonomy the records refer to (added or updated, never removed). */
  sectors?: Sector[];
  /** Data sets the records come from, shown in the catalogue summary. */
  datasets?: Catalogue['datasets'];
}

/** What changed in a source since its cursor. */
export interface ChangesInput extends SourceStateInput {
  /** Added or changed records, whole. */
  upserts: Supplier[];
  /** Ids of removed records; an id also in `upserts` stays (the upsert wins). */
  removals: string[];
}

/** Counts of one apply: records of the source, then the merged catalogue. */
export interface ApplyResult {
  /** Records of the source new to the catalogue, changed, removed. */
  added: number;
  changed: number;
  removed: number;
  /** Suppliers in the merged catalogue afterwards (all sources). */
  supplierCount: number;
  /** Records the source holds afterwards (what a feed's supplierCount counts). */
  recordCount: number;
}

/**
 * Called as records are applied: `applied` of `total`. It may throw (a
 * cancel): the transaction is then rolled back and nothing is applied.
 */
export type ApplyProgress = (applied: number, total: number) => void;

/** One apply, as the stores and the migration give it. */
export interface ApplyOperation extends SourceStateInput {
  /**
   * The records, or a list that holds only their keys and gives each record
   * when it is written (a feed file's: a whole catalogue's records, parsed,
   * are a hundred megabytes).
   */
  upserts: readonly Supplier[] | RecordList;
  /**
   * The caller gives an array of `upserts` up: it is emptied once read, so
   * that each record can be freed as soon as its supplier is written.
   */
  handOver?: boolean;
  /** Ids to remove; null for a snapshot: every stored id not in `upserts`. */
  removals: readonly string[] | null;
  sectors?: readonly Sector[];
  datasets?: Catalogue['datasets'];
}

const PROGRESS_EVERY = 1000;
/** Above this many loose records per stored one, the lookups read the whole table once. */
const BULK_RATIO = 8;
/** Rows read from a big table between two pauses of a sliced apply. */
const ROWS_BETWEEN_PAUSES = 2000;

/** A record taking part in the regrouping. */
interface LooseRecord {
  sourceId: string;
  recordId: string;
  /** The record, or null when `list` gives it again at `index`. */
  record: Supplier | null;
  list: RecordList | null;
  index: number;
  /** Fingerprint of the record (recordFingerprint); null until written for a new one. */
  hash: string | null;
  siret: string | null;
  nameFolded: string;
  lat: number;
  lon: number;
  revision: number;
  /** New or changed: its whole row is written; else only its supplier (and JSON) may change. */
  write: boolean;
  /** The stored row holds the record's JSON (false: suppliers.json stands for it). */
  storedJson: boolean;
  /** Supplier it belonged to before this apply. */
  previous: string | null;
  group: Group | null;
}

/**
 * `list` and `item` in a new array of just that length. A group's lists hold
 * one item, nearly always, and `push` leaves room for sixteen: for a whole
 * catalogue's groups that room weighed some 30 Mo.
 */
function withItem<T>(list: readonly T[], item: T): T[] {
  return list.concat([item]);
}

/** A merged supplier being (re)built. */
interface Group {
  members: LooseRecord[];
  siret: string | null;
  /** The id its supplier would like (mergedSupplierId), set once the groups are made. */
  wantedId: string;
  /** Id of the existing supplier this group extends, null for a new group. */
  settledId: string | null;
  dirty: boolean;
}

/** A stored record the merge may join: its supplier and place. */
interface Settled {
  supplierId: string;
  lat: number;
  lon: number;
}

/** The statements of one apply, prepared once and freed at the end. */
const STATEMENT_SQL = {
  selectRecord:
    'SELECT supplier_id, hash FROM source_records WHERE source_id = ? AND record_id = ?',
  deleteRecord: 'DELETE FROM source_records WHERE source_id = ? AND record_id = ?',
  selectMembers:
    'SELECT source_id, record_id, revision, hash, json, siret, name_folded, lat, lon ' +
    'FROM source_records WHERE supplier_id = ?',
  selectSupplierJson: 'SELECT json FROM suppliers WHERE id = ?',
  selectBySiret: 'SELECT supplier_id, lat, lon FROM source_records WHERE siret = ?',
  selectByName:
    'SELECT supplier_id, lat, lon FROM source_records ' +
    'WHERE name_folded = ? AND lat BETWEEN ? AND ? AND lon BETWEEN ? AND ?',
  writeRecord:
    'INSERT OR REPLACE INTO source_records (source_id, record_id, supplier_id, siret, ' +
    'name_folded, lat, lon, revision, hash, json) ' +
    'VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, CAST(? AS TEXT))',
  moveRecord:
    'UPDATE source_records SET supplier_id = ? WHERE source_id = ? AND record_id = ?',
  moveRecordWithJson:
    'UPDATE source_records SET supplier_id = ?, json = CAST(? AS TEXT) ' +
    'WHERE source_id = ? AND record_id = ?',
  deleteSupplier: 'DELETE FROM suppliers WHERE id = ?',
  insertSupplier: INSERT_SUPPLIER_SQL,
} as const;

type Statements = { readonly [name in keyof typeof STATEMENT_SQL]: Statement };

function prepareStatements(db: Database): Statements {
  const prepared: Partial<Record<keyof typeof STATEMENT_SQL, Statement>> = {};
  try {
    for (const [name, sql] of Object.entries(STATEMENT_SQL)) {
      prepared[name as keyof typeof STATEMENT_SQL] = db.prepare(sql);
    }
  } catch (error) {
    for (const statement of Object.values(prepared)) statement.free();
    throw error;
  }
  return prepared as Statements;
}

/** The rows of a SELECT statement. */
function selectRows(statement: Statement, params: SqlValue[]): SqlValue[][] {
  const rows: SqlValue[][] = [];
  statement.bind(params);
  try {
    while (statement.step()) rows.push(statement.get());
  } finally {
    statement.reset();
  }
  return rows;
}

/** The first row of a SELECT statement, or null. */
function selectRow(statement: Statement, params: SqlValue[]): SqlValue[] | null {
  statement.bind(params);
  try {
    return statement.step() ? statement.get() : null;
  } finally {
    statement.reset();
  }
}

function isRecordList(upserts: ApplyOperation['upserts']): upserts is RecordList {
  return !Array.isArray(upserts);
}

/**
 * The records to write: [id, record, -1] from an array (its records by id),
 * [id, null, position] from a list.
 */
function* toWrite(
  list: RecordList | null,
  records: ReadonlyMap<string, Supplier>,
): Generator<[string, Supplier | null, number]> {
  if (list) {
    for (let index = 0; index < list.length; index += 1)
      yield [list.id(index), null, index];
  } else {
    for (const [id, record] of records) yield [id, record, -1];
  }
}

/** The ids of a list, in order. */
function listIds(list: RecordList): string[] {
  return Array.from({ length: list.length }, (_, index) => list.id(index));
}

/** What tells two records apart across sources. */
function looseKey(record: { sourceId: string; recordId: string }): string {
  return `${record.sourceId}\u0000${record.recordId}`;
}

/** SHA-1 of a JSON text, in base64url. */
function recordHash(json: string): string {
  return hash('sha1', json, 'base64url');
}

/** Checks what the store needs of a record (its source validated the rest). */
function checkRecord(sourceId: string, record: Supplier): void {
  const lat = record?.location?.lat;
  const lon = record?.location?.lon;
  if (
    typeof record?.id !== 'string' ||
    record.id === '' ||
    typeof record.name !== 'string' ||
    typeof lat !== 'number' ||
    typeof lon !== 'number' ||
    !Number.isFinite(lat) ||
    !Number.isFinite(lon)
  ) {
    throw new UserError(
      `Le fournisseur « ${String(record?.id)} » de la source « ${sourceId} » n’a pas ` +
        'd’identifiant, de nom ou de coordonnées : la mise à jour est annulée, le ' +
        'catalogue reste tel qu’il était.',
    );
  }
}

/** The record a lone supplier stands for: its JSON read back, under the record id. */
function recordFromSupplier(recordId: string, supplier: Supplier): Supplier {
  return {
    ...supplier,
    id: recordId,
    sources: supplier.sources.map((source) => {
      const own = { ...source };
      delete own.sourceId;
      return own;
    }),
  };
}

/** The revision stamped on records changed by this apply: one above every stored one. */
function nextRevision(db: Database): number {
  const value = db.exec(
    "SELECT value FROM catalogue_meta WHERE key = 'recordRevision'",
  )[0]?.values[0]?.[0];
  const revision = (value === undefined || value === null ? 0 : Number(value)) + 1;
  db.run(
    "INSERT OR REPLACE INTO catalogue_meta (key, value) VALUES ('recordRevision', ?)",
    [String(revision)],
  );
  return revision;
}

/** Adds or updates sectors; true when a name (hence search texts) changed. */
function storeSectors(db: Database, sectors: readonly Sector[]): boolean {
  const select = db.prepare(
    'SELECT name, slug, sector_group, cpv FROM sectors WHERE id = ?',
  );
  const write = db.prepare(
    'INSERT OR REPLACE INTO sectors (id, name, slug, sector_group, cpv) VALUES (?, ?, ?, ?, ?)',
  );
  let namesChanged = false;
  try {
    for (const s of sectors) {
      const values = [s.name, s.slug, s.group, JSON.stringify(s.cpv)];
      select.bind([s.id]);
      const old = select.step() ? select.get() : null;
      select.reset();
      if (old && old.every((v, i) => v === values[i])) continue;
      // A new sector changes no stored search text: the records written after
      // it in this apply get its name; only a renamed sector does.
      if (old && old[0] !== s.name) namesChanged = true;
      write.run([s.id, ...values]);
    }
  } finally {
    select.free();
    write.free();
  }
  return namesChanged;
}

/** The regrouping and writing of one apply, inside the caller's transaction. */
class RecordApplier {
  private readonly st: Statements;
  private readonly ranks = new Map<string, number>();
  private readonly configs = new Map<string, SourceConfig>();
  /** Suppliers whose records are all regrouped (their rows are replaced). */
  private readonly dissolved = new Set<string>();
  private readonly loose: LooseRecord[] = [];
  private readonly groups: Group[] = [];
  private readonly settled = new Map<string, Group>();
  private readonly bySiret = new Map<string, Group>();
  /** Records by folded name: one record, or several sharing the name. */
  private readonly byName = new Map<string, LooseRecord | LooseRecord[]>();
  /** Stored records by SIRET and by name, read at once for a big apply (else null). */
  private storedBySiret: Map<string, Settled> | null = null;
  private storedByName: Map<string, Settled[]> | null = null;
  private total = 0;
  private examined = 0;

  constructor(
    private readonly db: Database,
    private readonly onProgress?: ApplyProgress,
  ) {
    this.st = prepareStatements(db);
    for (const source of readSourceRows(db)) {
      this.ranks.set(source.config.id, source.position);
      this.configs.set(source.config.id, source.config);
    }
  }

  /** The apply, as steps: it yields after each record, so that a caller may let the event loop run. */
  *run(
    op: ApplyOperation,
  ): Generator<void, Pick<ApplyResult, 'added' | 'changed' | 'removed'>> {
    try {
      return yield* this.apply(op);
    } finally {
      for (const statement of Object.values(this.st)) statement.free();
    }
  }

  private *apply(
    op: ApplyOperation,
  ): Generator<void, Pick<ApplyResult, 'added' | 'changed' | 'removed'>> {
    const { sourceId } = op;
    const sectorNamesChanged =
      op.sectors && op.sectors.length > 0 ? storeSectors(this.db, op.sectors) : false;
    const revision = nextRevision(this.db);

    // A list's ids are unique; in an array, the last occurrence of an id wins.
    const list = isRecordList(op.upserts) ? op.upserts : null;
    const upserts = new Map<string, Supplier>();
    if (!list) {
      for (const record of op.upserts as readonly Supplier[]) {
        checkRecord(sourceId, record);
        upserts.set(record.id, record);
        yield;
      }
    }
    const upsertCount = list ? list.length : upserts.size;
    // A snapshot reads the source's rows once; a change set looks its records up.
    const stored = op.removals === null ? yield* this.storedRecords(sourceId) : null;
    const storedRow = (id: string): { supplierId: string; hash: string } | null => {
      if (stored) return stored.get(id) ?? null;
      const row = selectRow(this.st.selectRecord, [sourceId, id]);
      return row ? { supplierId: String(row[0]), hash: String(row[1]) } : null;
    };
    const gone =
      op.removals === null ? [...(stored?.keys() ?? [])] : [...new Set(op.removals)];
    const written: ReadonlySet<string> | ReadonlyMap<string, Supplier> =
      list && gone.length > 0 ? new Set(listIds(list)) : upserts;
    const removals = gone.filter((id) => !written.has(id));
    if (op.handOver && !list) (op.upserts as Supplier[]).length = 0;
    this.total = upsertCount + removals.length;

    let removed = 0;
    for (const id of removals) {
      this.tick();
      yield;
      const row = storedRow(id);
      if (!row) continue;
      this.dissolved.add(row.supplierId);
      this.st.deleteRecord.run([sourceId, id]);
      removed += 1;
    }

    let added = 0;
    let changed = 0;
    for (const [recordId, record, index] of toWrite(list, upserts)) {
      this.tick();
      yield;
      const row = storedRow(recordId);
      // A new record's fingerprint comes with its supplier's JSON, when written.
      const hash = row
        ? this.fingerprint(sourceId, record ?? (list as RecordList).load(index))
        : null;
      if (row && row.hash === hash) continue;
      if (row) {
        changed += 1;
        this.dissolved.add(row.supplierId);
      } else {
        added += 1;
      }
      const keys = record ? recordKeys(record) : (list as RecordList).keys(index);
      this.addLoose({
        sourceId,
        recordId,
        record,
        list: record ? null : list,
        index,
        hash,
        // Field by field: a spread would give each record a second property store.
        siret: keys.siret,
        nameFolded: keys.nameFolded,
        lat: keys.lat,
        lon: keys.lon,
        revision,
        write: true,
        storedJson: false,
        previous: row?.supplierId ?? null,
        group: null,
      });
    }
    upserts.clear();

    // The other records of the suppliers touched are regrouped with the changes.
    const looseKeys = new Set(
      this.dissolved.size > 0 ? this.loose.map((r) => looseKey(r)) : [],
    );
    for (const supplierId of this.dissolved) {
      for (const member of this.storedMembers(supplierId)) {
        const key = looseKey(member);
        if (!looseKeys.has(key)) {
          looseKeys.add(key);
          this.addLoose(member);
        }
      }
      yield;
    }
    looseKeys.clear();

    if (this.loose.length > 0) {
      yield* this.readStoredIndex();
      for (const record of this.loose) {
        this.assign(record);
        yield;
      }
    }
    yield* this.write();
    if (sectorNamesChanged) refreshAllSearchText(this.db);
    this.onProgress?.(this.total, this.total);
    return { added, changed, removed };
  }

  /** The source's stored records: id → supplier and hash. */
  private *storedRecords(
    sourceId: string,
  ): Generator<void, Map<string, { supplierId: string; hash: string }>> {
    const stored = new Map<string, { supplierId: string; hash: string }>();
    const select = this.db.prepare(
      'SELECT record_id, supplier_id, hash FROM source_records WHERE source_id = ?',
    );
    try {
      select.bind([sourceId]);
      while (select.step()) {
        const [id, supplierId, hash] = select.get();
        stored.set(String(id), { supplierId: String(supplierId), hash: String(hash) });
        if (stored.size % ROWS_BETWEEN_PAUSES === 0) yield;
      }
    } finally {
      select.free();
    }
    return stored;
  }

  /** For a big apply, the stored records' SIRETs and names, read in one pass. */
  private *readStoredIndex(): Generator<void> {
    const count = Number(
      this.db.exec('SELECT count(*) FROM source_records')[0]?.values[0]?.[0] ?? 0,
    );
    if (this.loose.length * BULK_RATIO < count) return;
    this.storedBySiret = new Map();
    this.storedByName = new Map();
    const select = this.db.prepare(
      'SELECT supplier_id, siret, name_folded, lat, lon FROM source_records',
    );
    try {
      let rows = 0;
      while (select.step()) {
        rows += 1;
        if (rows % ROWS_BETWEEN_PAUSES === 0) yield;
        const [supplierId, siret, name, lat, lon] = select.get();
        const id = String(supplierId);
        if (this.dissolved.has(id)) continue;
        const entry = { supplierId: id, lat: Number(lat), lon: Number(lon) };
        if (typeof siret === 'string' && !this.storedBySiret.has(siret)) {
          this.storedBySiret.set(siret, entry);
        }
        const list = this.storedByName.get(String(name));
        if (list) list.push(entry);
        else this.storedByName.set(String(name), [entry]);
      }
    } finally {
      select.free();
    }
  }

  private tick(): void {
    this.examined += 1;
    if (this.onProgress && this.examined % PROGRESS_EVERY === 0) {
      this.onProgress(Math.floor(this.examined / 2), this.total);
    }
  }

  private addLoose(record: LooseRecord): void {
    this.loose.push(record);
  }

  /** The stored records of supplier `id`, each read from its JSON or from the supplier's. */
  private storedMembers(id: string): LooseRecord[] {
    const members: LooseRecord[] = [];
    let supplier: Supplier | null = null;
    for (const row of selectRows(this.st.selectMembers, [id])) {
      const [sourceId, recordId, revision, hash, json, siret, name, lat, lon] = row;
      let record: Supplier;
      if (typeof json === 'string') {
        record = JSON.parse(json) as Supplier;
      } else {
        if (!supplier) {
          const own = selectRow(this.st.selectSupplierJson, [id]);
          if (!own)
            throw new Error(`supplier ${id} missing for record ${String(recordId)}`);
          supplier = JSON.parse(String(own[0])) as Supplier;
        }
        record = recordFromSupplier(String(recordId), supplier);
      }
      members.push({
        sourceId: String(sourceId),
        recordId: String(recordId),
        record,
        list: null,
        index: -1,
        hash: String(hash),
        siret: siret === null || siret === undefined ? null : String(siret),
        nameFolded: String(name),
        lat: Number(lat),
        lon: Number(lon),
        revision: Number(revision),
        write: false,
        storedJson: typeof json === 'string',
        previous: id,
        group: null,
      });
    }
    return members;
  }

  /** The existing supplier `id` as a group, its records loaded. */
  private settledGroup(id: string): Group {
    const known = this.settled.get(id);
    if (known) return known;
    const group: Group = {
      members: [],
      siret: null,
      wantedId: '',
      settledId: id,
      dirty: false,
    };
    for (const member of this.storedMembers(id)) {
      member.group = group;
      group.members = withItem(group.members, member);
      group.siret ??= member.siret;
    }
    this.settled.set(id, group);
    return group;
  }

  /** Stored records with this SIRET, outside the suppliers being regrouped. */
  private storedWithSiret(siret: string): Settled[] {
    if (this.storedBySiret) {
      const entry = this.storedBySiret.get(siret);
      return entry ? [entry] : [];
    }
    return selectRows(this.st.selectBySiret, [siret])
      .map(([supplierId, lat, lon]) => ({
        supplierId: String(supplierId),
        lat: Number(lat),
        lon: Number(lon),
      }))
      .filter((s) => !this.dissolved.has(s.supplierId));
  }

  /** Stored records with this folded name inside the box, outside those regrouped. */
  private storedNamed(name: string, box: LatLonBox): Settled[] {
    if (this.storedByName) {
      return (this.storedByName.get(name) ?? []).filter((s) => isInBox(box, s));
    }
    const lonHalf = Number.isFinite(box.lonHalfWidth) ? box.lonHalfWidth : 360;
    return selectRows(this.st.selectByName, [
      name,
      box.minLat,
      box.maxLat,
      box.centreLon - lonHalf,
      box.centreLon + lonHalf,
    ])
      .map(([supplierId, lat, lon]) => ({
        supplierId: String(supplierId),
        lat: Number(lat),
        lon: Number(lon),
      }))
      .filter((s) => !this.dissolved.has(s.supplierId));
  }

  /** Puts a loose record in its supplier: same SIRET, else same name within 200 m, else its own. */
  private assign(record: LooseRecord): void {
    let group: Group | null = null;
    if (record.siret) {
      group = this.bySiret.get(record.siret) ?? null;
      const stored = group ? undefined : this.storedWithSiret(record.siret)[0];
      if (stored) group = this.settledGroup(stored.supplierId);
    }
    group ??= this.nearestByName(record);
    if (!group) {
      group = {
        members: [],
        siret: null,
        wantedId: '',
        settledId: null,
        dirty: true,
      };
      this.groups.push(group);
    } else if (!group.dirty) {
      group.dirty = true;
      this.groups.push(group);
    }
    record.group = group;
    group.members = withItem(group.members, record);
    group.siret ??= record.siret;
    if (record.siret) this.bySiret.set(record.siret, group);
    if (record.nameFolded !== '') {
      // Most names are a single record's: held without an array of its own.
      const known = this.byName.get(record.nameFolded);
      this.byName.set(
        record.nameFolded,
        known === undefined
          ? record
          : withItem(Array.isArray(known) ? known : [known], record),
      );
    }
  }

  /** The group with a record of the same folded name nearest within 200 m, if it may merge. */
  private nearestByName(record: LooseRecord): Group | null {
    if (record.nameFolded === '') return null;
    const location = { lat: record.lat, lon: record.lon };
    const box = boxAround(location, MERGE_DISTANCE_KM);
    const key = {
      siret: record.siret,
      nameFolded: record.nameFolded,
      location,
      sourceId: record.sourceId,
    };
    let best: Group | null = null;
    let bestKm = Infinity;
    const consider = (group: Group, lat: number, lon: number): void => {
      const near = { nameFolded: record.nameFolded, location: { lat, lon } };
      const km = nameMatchDistance(key, near, group);
      if (km !== null && km < bestKm) {
        best = group;
        bestKm = km;
      }
    };
    const named = this.byName.get(record.nameFolded) ?? [];
    for (const other of Array.isArray(named) ? named : [named]) {
      if (other.group && isInBox(box, other)) consider(other.group, other.lat, other.lon);
    }
    for (const stored of this.storedNamed(record.nameFolded, box)) {
      consider(this.settledGroup(stored.supplierId), stored.lat, stored.lon);
    }
    return best;
  }

  /** Writes the regrouped suppliers and their records, letting each group's records go once written. */
  private *write(): Generator<void> {
    // The groups are made: the lookups that made them are no longer needed.
    this.loose.length = 0;
    this.byName.clear();
    this.bySiret.clear();
    this.settled.clear();
    this.storedBySiret = null;
    this.storedByName = null;
    for (const id of this.dissolved) this.st.deleteSupplier.run([id]);
    for (const group of this.groups) {
      if (group.settledId !== null) this.st.deleteSupplier.run([group.settledId]);
    }
    // The members' merge view is made again when each group is written:
    // kept for all groups at once, it outweighed the rest of the apply.
    for (const group of this.groups) {
      group.wantedId = this.wantedId(group);
      yield;
    }
    // A supplier keeping its id goes first, so that a newcomer never takes it.
    const keeps = (g: Group): boolean =>
      g.members.some((m) => m.previous !== null && m.previous === g.wantedId);
    const ordered = this.groups.filter(keeps);
    for (const group of this.groups) if (!keeps(group)) ordered.push(group);
    this.groups.length = 0;
    const sectorNames = readSectorNames(this.db);
    let written = 0;
    for (const group of ordered) {
      // Records given by a list are read again here, and let go with the group.
      const records = group.members.map((m) => m.record ?? this.load(m));
      const { id, json } = this.insertMerged(
        group.members.map((m, i) => this.mergeMember(m, records[i] as Supplier)),
        group.wantedId,
        sectorNames,
      );
      // A lone record is read back from its supplier; merged ones keep their JSON.
      const alone = group.members.length === 1;
      const keepJson = !alone;
      for (const [i, m] of group.members.entries()) {
        const record = records[i] as Supplier;
        if (m.write) {
          this.st.writeRecord.run([
            m.sourceId,
            m.recordId,
            id,
            m.siret,
            m.nameFolded,
            m.lat,
            m.lon,
            m.revision,
            m.hash ??
              (alone && id === m.recordId
                ? recordHash(json)
                : this.fingerprint(m.sourceId, record)),
            keepJson ? textBytes(JSON.stringify(record)) : null,
          ]);
        } else if (m.storedJson !== keepJson) {
          this.st.moveRecordWithJson.run([
            id,
            keepJson ? textBytes(JSON.stringify(record)) : null,
            m.sourceId,
            m.recordId,
          ]);
        } else if (m.previous !== id) {
          this.st.moveRecord.run([id, m.sourceId, m.recordId]);
        }
      }
      group.members = [];
      written += 1;
      yield;
      if (this.onProgress && written % PROGRESS_EVERY === 0) {
        const half = this.total / 2;
        this.onProgress(Math.floor(half + (half * written) / ordered.length), this.total);
      }
    }
  }

  /** Inserts the merged supplier under the wanted id, or under a fallback one when taken. */
  private insertMerged(
    list: MergeMember[],
    wantedId: string,
    sectorNames: ReadonlyMap<number, string>,
  ): { id: string; json: string } {
    const first = [...list].sort(
      (a, b) => a.sourceRank - b.sourceRank || (a.recordId < b.recordId ? -1 : 1),
    )[0];
    if (!first) throw new Error('insertMerged: no member');
    for (let attempt = 0; attempt < 20; attempt += 1) {
      const id =
        attempt === 0
          ? wantedId
          : fallbackSupplierId(wantedId, first.sourceId, first.recordId, attempt - 1);
      const supplier = mergeSupplierRecords(id, list);
      const json = JSON.stringify(supplier);
      try {
        this.st.insertSupplier.run(supplierRowValues(supplier, json, sectorNames));
        return { id, json };
      } catch (error) {
        if (!String(error).includes('UNIQUE constraint failed: suppliers.id'))
          throw error;
      }
    }
    throw new Error(`no free supplier id for ${wantedId}`);
  }

  /** The record of a member given by a list, read again. */
  private load(m: LooseRecord): Supplier {
    if (!m.list) throw new Error(`record ${m.recordId} has neither content nor list`);
    return m.list.load(m.index);
  }

  /** The id the group's supplier would like (mergedSupplierId), from the keys alone. */
  private wantedId(group: Group): string {
    return mergedSupplierId(
      group.members.map((m) => ({
        sourceRank: this.rank(m.sourceId),
        recordId: m.recordId,
        siret: m.siret,
      })),
    );
  }

  private rank(sourceId: string): number {
    return this.ranks.get(sourceId) ?? Number.MAX_SAFE_INTEGER;
  }

  private mergeMember(
    m: { sourceId: string; recordId: string; revision: number },
    record: Supplier,
  ): MergeMember {
    const config = this.configs.get(m.sourceId);
    const member: MergeMember = {
      sourceId: m.sourceId,
      sourceRank: this.rank(m.sourceId),
      recordId: m.recordId,
      revision: m.revision,
      record,
    };
    if (config) member.fallbackSource = sourceProvenance(config, m.recordId);
    return member;
  }

  /**
   * What tells a changed record from the stored one: the SHA-1 of the JSON of
   * the supplier the record makes alone under its own id (the record as the
   * catalogue shows it, provenance included). For a record alone in its
   * supplier that is the supplier's JSON, hashed as it is written.
   */
  private fingerprint(sourceId: string, record: Supplier): string {
    const member = this.mergeMember(
      { sourceId, recordId: record.id, revision: 0 },
      record,
    );
    return recordHash(JSON.stringify(mergeSupplierRecords(record.id, [member])));
  }
}

/**
 * Applies records of one source inside the caller's transaction, as steps
 * (see RecordApplier.run); runToEnd or runInSlices drives them.
 */
export function* applyRecordsSteps(
  db: Database,
  op: ApplyOperation,
  onProgress?: ApplyProgress,
): Generator<void, ApplyResult> {
  sourceForApply(db, op.sourceId);
  const counts = yield* new RecordApplier(db, onProgress).run(op);
  const sets: string[] = ['cursor = ?', 'sequence = ?'];
  const values: SqlValue[] = [op.cursor, op.sequence];
  if (op.etag !== undefined) {
    sets.push('etag = ?');
    values.push(op.etag);
  }
  if (op.lastModified !== undefined) {
    sets.push('last_modified = ?');
    values.push(op.lastModified);
  }
  if (op.datasets !== undefined) {
    sets.push('datasets = ?');
    values.push(JSON.stringify(op.datasets));
  }
  db.run(`UPDATE sources SET ${sets.join(', ')} WHERE id = ?`, [...values, op.sourceId]);
  const recordCount = Number(
    db.exec('SELECT count(*) FROM source_records WHERE source_id = ?', [op.sourceId])[0]
      ?.values[0]?.[0] ?? 0,
  );
  if (op.expectedRecordCount !== undefined && recordCount !== op.expectedRecordCount) {
    throw new RecordCountError(
      `La source « ${op.sourceId} » annonce ${op.expectedRecordCount} fournisseurs, ` +
        `mais la mise à jour en donnerait ${recordCount} : elle n’est pas appliquée, ` +
        'le catalogue reste tel qu’il était.',
    );
  }
  const touched = counts.added + counts.changed + counts.removed > 0;
  refreshCatalogueMeta(db, touched ? (op.appliedAt ?? new Date()) : null);
  const supplierCount = Number(
    db.exec('SELECT count(*) FROM suppliers')[0]?.values[0]?.[0] ?? 0,
  );
  return { ...counts, supplierCount, recordCount };
}

/** Applies records of one source inside the caller's transaction (migrations, stores). */
export function applyRecordsInTransaction(
  db: Database,
  op: ApplyOperation,
  onProgress?: ApplyProgress,
): ApplyResult {
  return runToEnd(applyRecordsSteps(db, op, onProgress));
}

/** The records a source holds after applying are not the number its file announced. */
export class RecordCountError extends UserError {}

/** Runs `work` in one transaction: committed whole, or rolled back on any throw. */
export function inTransaction<T>(db: Database, work: () => T): T {
  db.run('BEGIN');
  let result: T;
  try {
    result = work();
  } catch (error) {
    db.run('ROLLBACK');
    roomLost(db);
    throw error;
  }
  db.run('COMMIT');
  return result;
}

/**
 * Runs the steps in one transaction, in slices: committed whole, or rolled
 * back on any throw. Other writers must keep off meanwhile (the transaction
 * is the connection's): the sync jobs refuse them while a sync runs.
 */
export async function inTransactionInSlices<T>(
  db: Database,
  steps: Generator<void, T>,
): Promise<T> {
  db.run('BEGIN');
  let result: T;
  try {
    result = await runInSlices(steps);
  } catch (error) {
    db.run('ROLLBACK');
    roomLost(db);
    throw error;
  }
  db.run('COMMIT');
  return result;
}

function* snapshotSteps(
  db: Database,
  input: SnapshotInput,
  onProgress?: ApplyProgress,
): Generator<void, ApplyResult> {
  const { records, ...rest } = input;
  return yield* applyRecordsSteps(
    db,
    { ...rest, upserts: records, removals: null },
    onProgress,
  );
}

/**
 * Replaces the source's records by `input.records` (records it no longer
 * holds are removed), in one transaction with its new cursor and sequence.
 */
export function applySnapshot(
  db: Database,
  input: SnapshotInput,
  onProgress?: ApplyProgress,
): ApplyResult {
  return inTransaction(db, () => runToEnd(snapshotSteps(db, input, onProgress)));
}

/** applySnapshot, letting the event loop run while it applies. */
export function applySnapshotInSlices(
  db: Database,
  input: SnapshotInput,
  onProgress?: ApplyProgress,
): Promise<ApplyResult> {
  return inTransactionInSlices(db, snapshotSteps(db, input, onProgress));
}

/** Applies a change set of the source, in one transaction with its new cursor and sequence. */
export function applyChanges(
  db: Database,
  input: ChangesInput,
  onProgress?: ApplyProgress,
): ApplyResult {
  return inTransaction(db, () => applyRecordsInTransaction(db, input, onProgress));
}
