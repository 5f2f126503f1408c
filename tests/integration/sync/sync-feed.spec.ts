/**
 * syncSource end to end. A real HTTP server on 127.0.0.1 serves feeds that
 * buildFeed publishes from the real catalogue (resources/catalogue.json, 3 862
 * suppliers): publication 1 is a snapshot; publication 2 removes 3 suppliers,
 * changes 3 and adds 1 (a change set); publication 3 removes the added one.
 * The database is a file opened as the app opens it (openCatalogue stores the
 * embedded catalogue, the same 3 862 suppliers), with a `passerelle-feed`
 * source saved. Every case copies a database file, syncs, then reopens the
 * file from disk and checks the catalogue it holds: after a failure, exactly
 * the one it held before (it was saved whole, never half-applied), with one
 * French sentence in the sync log.
 *
 * Counts worked out from the data: every feed record has the SIRET of an
 * embedded supplier, except « ASSO ERA » (reemploi-68), which has none and
 * joins the embedded one by its name at the same place: the first sync adds
 * 3 862 records and no supplier. Publication 2: 3 862 − 3 + 1 = 3 860
 * records; only the added one (a new SIRET) makes a new supplier: 3 863.
 */
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from 'sql.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  FeedChanges,
  FeedIndex,
  FeedSnapshot,
} from '../../../shared/feed/feed-format';
import type {
  CategoryMapping,
  SourceConfig,
  SpreadsheetColumns,
  SyncLogEntry,
  SyncProgress,
} from '../../../shared/feed/sync-types';
import type { Catalogue, RecordSource, Supplier } from '../../../shared/model';
import { openDatabase } from '../../../main/services/database/open-database';
import { loadResources } from '../../../main/services/load-resources';
import { openCatalogue } from '../../../main/services/open-catalogue';
import { saveSource, setSourceState } from '../../../main/services/sync/source-store';
import {
  sourceContextFromResources,
  type SourceContext,
} from '../../../main/services/sync/sources/source-context';
import { syncSource, type SyncContext } from '../../../main/services/sync/sync-source';
import { UserError } from '../../../main/services/user-error';
import {
  failing,
  startMisbehavingServer,
  type Behaviour,
  type MisbehavingServer,
  type RecordedRequest,
} from '../../helpers/misbehaving-server';
import {
  encode,
  feedOf,
  inspectDatabase,
  parseFile,
  publishFeed,
  realCatalogue,
  refOf,
  sha256,
  sourceIdsOf,
  supplierOf,
  type FeedVersion,
  type Inspection,
} from './sync-test-kit';

const FEED_ID = 'flux-national';
const FEED_NAME = 'Flux national';
const FEED_TITLE = 'Catalogue national des achats responsables';
const FEED_LICENCE = 'Licence Ouverte 2.0';
/** Short waits so that the failures are quick: 1 s without a byte, one retry after 10 ms. */
const HTTP: NonNullable<SyncContext['http']> = {
  timeoutMs: 1_000,
  retries: 1,
  backoffMs: 10,
};
const OPENED_AT = new Date('2026-09-20T09:00:00.000Z');
const SYNCED_AT = new Date('2026-09-21T10:00:00.000Z');
const KEPT = 'Le catalogue local reste tel qu’il était.';
/** French digit grouping (Intl fr-FR): a narrow no-break space, « 3 862 ». */
const SP = '\u202f';

// What publication 2 does to the catalogue.
const ASSO_ERA = 'reemploi-68';
const CFPPA = 'siret-19810121400023';
const GEIQ_BTP = 'siret-52433307700021';
const REMOVED = [ASSO_ERA, CFPPA, GEIQ_BTP];
const HUMANDO = 'siret-40101593800350';
const ECLAIR = 'siret-34164190000038';
const ENVOLEE = 'siret-47957815500034';
const GEIQ_AGRI = 'siret-81061689600017';
/** SIREN 810616896 of GEIQ MULTI AGRI 33, NIC 00025: the Luhn sum of the 14 digits is 50. */
const ADDED = 'siret-81061689600025';
const ECLAIR_DESCRIPTION = 'Aide à domicile, ménage et repassage à Blois et alentour.';
const ADDED_SOURCE: RecordSource = {
  dataset: 'Éditeur du flux national (fiches de test)',
  recordId: 'geiq-multi-agri-33-libourne',
  licence: FEED_LICENCE,
  url: null,
};

const PROXY_VARIABLES = ['http_proxy', 'HTTP_PROXY', 'https_proxy', 'HTTPS_PROXY'];
const NO_PROXY_VARIABLES = ['no_proxy', 'NO_PROXY'];
const savedEnv = new Map<string, string | undefined>();

let server: MisbehavingServer;
let root: string;
let catalogue: Catalogue;
let embedded: Map<string, Supplier>;
let sourceContext: SourceContext;
let v1: FeedVersion;
let v2: FeedVersion;
let v3: FeedVersion;
/** Database files every case starts from: embedded only, then after syncs 1 and 2. */
let FRESH: string;
let AT_V1: string;
let AT_V2: string;
let fresh: Inspection;
let atV1: Inspection;
let atV2: Inspection;
let firstSync: SyncRunResult;
let secondSync: SyncRunResult;

interface SyncRunResult {
  entry: SyncLogEntry;
  /** The database file, closed: inspect it to read what was saved. */
  file: string;
  tempDir: string;
  progress: SyncProgress[];
  requests: RecordedRequest[];
}

/** Publication 2: three suppliers removed, three changed, one added. */
function secondPublication(suppliers: readonly Supplier[]): Supplier[] {
  const kept = suppliers
    .filter((s) => !REMOVED.includes(s.id))
    .map((s): Supplier => {
      switch (s.id) {
        case HUMANDO: // renamed and moved along its street, about 33 m north
          return {
            ...s,
            name: 'HUMANDO MASSY',
            address: { ...s.address, street: '4 Rue du Chemin des Femmes' },
            location: { lat: 48.727388, lon: 2.265859 },
          };
        case ECLAIR:
          return { ...s, description: ECLAIR_DESCRIPTION };
        case ENVOLEE:
          return { ...s, labels: ['ess', 'insertion', 'local'] };
        default:
          return s;
      }
    });
  const geiq = suppliers.find((s) => s.id === GEIQ_AGRI);
  if (!geiq) throw new Error(`${GEIQ_AGRI} is no longer in the catalogue`);
  kept.push({
    ...geiq,
    id: ADDED,
    siret: '81061689600025',
    // Libourne (33243) in resources/communes.json.
    address: {
      street: '12 Rue Montesquieu',
      postcode: '33500',
      city: 'Libourne',
      inseeCode: '33243',
      departement: '33',
    },
    location: { lat: 44.91248, lon: -0.23276 },
    sources: [ADDED_SOURCE],
  });
  return kept;
}

const FEED_PATH = '/flux/';
const feedUrl = (path = 'feed.json', prefix = FEED_PATH): string =>
  server.url(prefix + path);
const etagOf = (feed: FeedVersion): string =>
  `"${sha256(feed.files['feed.json'] ?? '').slice(0, 16)}"`;
const lastModifiedOf = (feed: FeedVersion): string =>
  new Date(feed.index.generatedAt).toUTCString();

/** How the server serves each file of `feed` when nothing goes wrong: gzip, validators on feed.json. */
function feedRoutes(
  feed: FeedVersion,
  options: { contentType?: string; etag?: string } = {},
): Record<string, Behaviour> {
  const routes: Record<string, Behaviour> = {};
  for (const [path, body] of Object.entries(feed.files)) {
    routes[path] = {
      kind: 'serve',
      body,
      gzip: true,
      ...(options.contentType ? { contentType: options.contentType } : {}),
      ...(path === 'feed.json'
        ? { etag: options.etag ?? etagOf(feed), lastModified: lastModifiedOf(feed) }
        : {}),
    };
  }
  return routes;
}

function serve(routes: Record<string, Behaviour>, prefix = FEED_PATH): void {
  for (const [path, behaviour] of Object.entries(routes)) {
    server.route(prefix + path, behaviour);
  }
}

let caseNumber = 0;

/**
 * Copies `baseline` to a new file, opens it as the app does, lets `options.serve`
 * set the server's routes, syncs the source, closes the database.
 */
async function runSync(
  baseline: string,
  options: {
    serve: () => void;
    sourceId?: string;
    setup?: (db: Database) => void;
    http?: SyncContext['http'];
    signal?: AbortSignal;
    onProgress?: (progress: SyncProgress) => void;
  },
): Promise<SyncRunResult> {
  caseNumber += 1;
  const dir = join(root, `cas-${caseNumber}`);
  mkdirSync(dir);
  const file = join(dir, 'passerelle.sqlite');
  copyFileSync(baseline, file);
  server.reset();
  options.serve();
  const handle = await openDatabase(file);
  const tempDir = join(dir, 'telechargements');
  const progress: SyncProgress[] = [];
  try {
    options.setup?.(handle.db);
    const ctx: SyncContext = {
      db: handle.db,
      save: () => handle.saveInSlices(),
      tempDir,
      sourceContext: () => sourceContext,
      now: () => SYNCED_AT,
      http: options.http ?? HTTP,
    };
    const entry = await syncSource(ctx, options.sourceId ?? FEED_ID, {
      ...(options.signal ? { signal: options.signal } : {}),
      onProgress: (p) => {
        progress.push(p);
        options.onProgress?.(p);
      },
    });
    return { entry, file, tempDir, progress, requests: server.requests() };
  } finally {
    handle.close();
  }
}

/** Files left in the download folder (none once a sync is over). */
function leftovers(tempDir: string): string[] {
  return existsSync(tempDir) ? readdirSync(tempDir) : [];
}

/** A size as the log writes it, worked out here: « 4,4 Mo ». */
function mo(bytes: number): string {
  return `${(bytes / 1e6).toFixed(1).replace('.', ',')} Mo`;
}

/** The embedded record as the database shows it alone: its provenances marked « embedded ». */
function embeddedOnly(id: string): Supplier {
  const record = embedded.get(id);
  if (!record) throw new Error(`${id} is not in the embedded catalogue`);
  return {
    ...record,
    sources: record.sources.map((s) => ({ ...s, sourceId: 'embedded' })),
  };
}

/** The provenances of a supplier the embedded catalogue and the feed both give. */
function bothSources(id: string, feedRecord: Supplier): RecordSource[] {
  return [
    ...embeddedOnly(id).sources,
    ...feedRecord.sources.map((s) => ({ ...s, sourceId: FEED_ID })),
  ];
}

function failedEntry(message: string, status: 'failed' | 'cancelled' = 'failed') {
  return {
    sourceId: FEED_ID,
    sourceName: FEED_NAME,
    startedAt: SYNCED_AT.toISOString(),
    endedAt: SYNCED_AT.toISOString(),
    status,
    added: 0,
    changed: 0,
    removed: 0,
    rejected: [],
    message: `« ${FEED_NAME} » : ${message}`,
  };
}

/** The run's file, reopened, holds exactly the catalogue of `before`, and the run's log entry. */
async function expectKept(
  run: SyncRunResult,
  before: Inspection,
  expected: { suppliers: number; records: number; cursor: string | null },
): Promise<Inspection> {
  const after = await inspectDatabase(run.file, FEED_ID);
  expect(after.supplierCount).toBe(expected.suppliers);
  expect(after.recordCounts).toEqual({
    embedded: 3862,
    ...(expected.records > 0 ? { [FEED_ID]: expected.records } : {}),
  });
  expect(after.state?.cursor ?? null).toBe(expected.cursor);
  expect(after.fingerprint).toEqual(before.fingerprint);
  expect(after.log[0]).toEqual(run.entry);
  expect(after.state?.lastStatus).toBe(run.entry.status);
  expect(after.state?.lastSyncAt).toBe(SYNCED_AT.toISOString());
  expect(leftovers(run.tempDir)).toEqual([]);
  return after;
}

/** Kept at publication 1: HUMANDO not renamed, CFPPA still from both, nothing added. */
async function expectKeptAtV1(run: SyncRunResult): Promise<void> {
  const after = await expectKept(run, atV1, {
    suppliers: 3862,
    records: 3862,
    cursor: v1.index.cursor,
  });
  expect(supplierOf(after, HUMANDO).name).toBe('HUMANDO');
  expect(sourceIdsOf(after.suppliers.get(CFPPA))).toContain(FEED_ID);
  expect(after.suppliers.has(ADDED)).toBe(false);
  expect(after.state?.sequence).toBe(1);
}

beforeAll(async () => {
  for (const name of [...PROXY_VARIABLES, ...NO_PROXY_VARIABLES]) {
    savedEnv.set(name, process.env[name]);
  }
  // Whatever proxy this machine uses, the test server on 127.0.0.1 is reached directly.
  for (const name of PROXY_VARIABLES) delete process.env[name];
  for (const name of NO_PROXY_VARIABLES) process.env[name] = '127.0.0.1,localhost';
  server = await startMisbehavingServer();
  root = mkdtempSync(join(tmpdir(), 'passerelle-sync-'));

  catalogue = realCatalogue();
  embedded = new Map(catalogue.suppliers.map((s) => [s.id, s]));
  const resources = await loadResources(join(process.cwd(), 'resources'));
  sourceContext = sourceContextFromResources(resources);

  // Three publications of one feed, as a publisher runs `passerelle feed build`.
  const feedDir = join(root, 'flux');
  const publish = (suppliers: Supplier[], day: number) =>
    publishFeed({
      catalogue,
      suppliers,
      feedDir,
      workDir: root,
      title: FEED_TITLE,
      now: new Date(Date.UTC(2026, 8, day, 6)),
    });
  const first = await publish(catalogue.suppliers, 18);
  const secondSuppliers = secondPublication(catalogue.suppliers);
  const second = await publish(secondSuppliers, 19);
  const third = await publish(
    secondSuppliers.filter((s) => s.id !== ADDED),
    20,
  );
  // What buildFeed made of the edits: the cases below rely on it.
  expect([first.index.sequence, first.index.supplierCount]).toEqual([1, 3862]);
  expect([second.added, second.changed, second.removed]).toEqual([1, 3, 3]);
  expect([third.added, third.changed, third.removed]).toEqual([0, 0, 1]);
  v1 = first;
  v2 = second;
  v3 = third;

  // The app's first start: the embedded catalogue stored, then the buyer adds the feed.
  FRESH = join(root, 'neuf.sqlite');
  const opened = await openCatalogue(FRESH, resources.catalogue, OPENED_AT);
  saveSource(opened.handle.db, {
    kind: 'passerelle-feed',
    id: FEED_ID,
    name: FEED_NAME,
    enabled: true,
    licence: FEED_LICENCE,
    url: feedUrl(),
  });
  opened.handle.save();
  opened.handle.close();
  fresh = await inspectDatabase(FRESH, FEED_ID);

  firstSync = await runSync(FRESH, { serve: () => serve(feedRoutes(v1)) });
  AT_V1 = firstSync.file;
  atV1 = await inspectDatabase(AT_V1, FEED_ID);
  secondSync = await runSync(AT_V1, { serve: () => serve(feedRoutes(v2)) });
  AT_V2 = secondSync.file;
  atV2 = await inspectDatabase(AT_V2, FEED_ID);
}, 60_000);

afterAll(async () => {
  await server?.close();
  if (root) rmSync(root, { recursive: true, force: true });
  for (const [name, value] of savedEnv) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

describe('syncSource, a Passerelle feed: what a sync applies', () => {
  it('first sync: feed.json without validators, then the gzip’d snapshot; 3 862 records join the 3 862 embedded suppliers', () => {
    const snapshot = v1.files['snapshot-1.json'];
    const index = v1.files['feed.json'];
    expect(firstSync.entry).toEqual({
      id: 1,
      sourceId: FEED_ID,
      sourceName: FEED_NAME,
      startedAt: SYNCED_AT.toISOString(),
      endedAt: SYNCED_AT.toISOString(),
      status: 'ok',
      added: 3862,
      changed: 0,
      removed: 0,
      rejected: [],
      warnings: [],
      bytes: (index?.length ?? 0) + (snapshot?.length ?? 0),
      cursor: v1.index.cursor,
      message:
        `« ${FEED_NAME} » synchronisée : 3${SP}862 ajoutés, 0 modifié, 0 retiré. ` +
        `Le catalogue compte 3${SP}862 fournisseurs.`,
    });
    expect(firstSync.requests.map((r) => r.path)).toEqual([
      '/flux/feed.json',
      '/flux/snapshot-1.json',
    ]);
    const [indexRequest, snapshotRequest] = firstSync.requests;
    expect(indexRequest?.headers['if-none-match']).toBeUndefined();
    expect(indexRequest?.headers['if-modified-since']).toBeUndefined();
    expect(snapshotRequest?.headers['accept-encoding']).toContain('gzip');
    expect(leftovers(firstSync.tempDir)).toEqual([]);
  });

  it('first sync: the file reopened holds both provenances of every supplier, and the feed’s cursor and validators', () => {
    expect(fresh.supplierCount).toBe(3862);
    expect(fresh.recordCounts).toEqual({ embedded: 3862 });
    expect(atV1.supplierCount).toBe(3862);
    expect(atV1.recordCounts).toEqual({ embedded: 3862, [FEED_ID]: 3862 });
    expect(atV1.state).toEqual({
      cursor: v1.index.cursor,
      sequence: 1,
      etag: etagOf(v1),
      lastModified: lastModifiedOf(v1),
      lastSyncAt: SYNCED_AT.toISOString(),
      lastStatus: 'ok',
    });
    expect(atV1.log).toEqual([firstSync.entry]);
    // Same SIRET: one supplier, the embedded provenances then the feed's.
    for (const id of [CFPPA, HUMANDO, GEIQ_AGRI]) {
      const record = embedded.get(id) as Supplier;
      expect(supplierOf(atV1, id)).toEqual({
        ...record,
        sources: bothSources(id, record),
      });
    }
    // No SIRET: joined by its name, at the same place.
    const era = embedded.get(ASSO_ERA) as Supplier;
    expect(supplierOf(atV1, ASSO_ERA)).toEqual({
      ...era,
      sources: bothSources(ASSO_ERA, era),
    });
  });

  it('first sync reports its progress: bytes of the snapshot, then suppliers applied, then saved', () => {
    const phases = firstSync.progress.map((p) => p.phase);
    expect(phases.filter((p, i) => p !== phases[i - 1])).toEqual([
      'download',
      'check',
      'apply',
      'save',
      'done',
    ]);
    const downloads = firstSync.progress.filter((p) => p.phase === 'download');
    const size = v1.files['snapshot-1.json']?.length;
    expect(downloads.at(-1)).toMatchObject({ bytes: size, totalBytes: size });
    const applied = firstSync.progress.filter((p) => p.phase === 'apply');
    expect(applied[0]).toMatchObject({ applied: 0, total: 3862 });
    expect(applied.at(-1)).toMatchObject({ applied: 3862, total: 3862 });
    expect(firstSync.progress.every((p) => p.sourceId === FEED_ID)).toBe(true);
  });

  it('second sync: feed.json asked under condition, only the change set downloaded; a deletion, changes and an addition applied', async () => {
    expect(secondSync.entry).toMatchObject({
      id: 2,
      status: 'ok',
      added: 1,
      changed: 3,
      removed: 3,
      rejected: [],
      bytes:
        (v2.files['feed.json']?.length ?? 0) +
        (v2.files['changes-1-2.json']?.length ?? 0),
      cursor: v2.index.cursor,
      message:
        `« ${FEED_NAME} » synchronisée : 1 ajouté, 3 modifiés, 3 retirés. ` +
        `Le catalogue compte 3${SP}863 fournisseurs.`,
    });
    expect(secondSync.requests.map((r) => r.path)).toEqual([
      '/flux/feed.json',
      '/flux/changes-1-2.json',
    ]);
    expect(secondSync.requests[0]?.headers['if-none-match']).toBe(etagOf(v1));
    expect(secondSync.requests[0]?.headers['if-modified-since']).toBe(lastModifiedOf(v1));

    expect(atV2.supplierCount).toBe(3863);
    expect(atV2.recordCounts).toEqual({ embedded: 3862, [FEED_ID]: 3860 });
    expect(atV2.state).toMatchObject({ cursor: v2.index.cursor, sequence: 2 });
    expect(atV2.log.map((e) => e.id)).toEqual([2, 1]);
    // Removed from the feed: the supplier stays, from the embedded catalogue alone.
    for (const id of REMOVED) expect(supplierOf(atV2, id)).toEqual(embeddedOnly(id));
    // Changed: the feed's record is the most recent, its name and place win.
    const humando = embedded.get(HUMANDO) as Supplier;
    expect(supplierOf(atV2, HUMANDO)).toMatchObject({
      name: 'HUMANDO MASSY',
      address: { ...humando.address, street: '4 Rue du Chemin des Femmes' },
      location: { lat: 48.727388, lon: 2.265859 },
      sources: bothSources(HUMANDO, humando),
    });
    expect(supplierOf(atV2, ECLAIR).description).toBe(ECLAIR_DESCRIPTION);
    expect(supplierOf(atV2, ENVOLEE).labels).toEqual(['ess', 'insertion', 'local']);
    // Added: a new SIRET is a new supplier, from the feed alone.
    const added = secondPublication(catalogue.suppliers).find((s) => s.id === ADDED);
    expect(supplierOf(atV2, ADDED)).toEqual({
      ...added,
      sources: [{ ...ADDED_SOURCE, sourceId: FEED_ID }],
    });
    // Untouched: as after the first sync.
    expect(supplierOf(atV2, GEIQ_AGRI)).toEqual(supplierOf(atV1, GEIQ_AGRI));
  });

  it('a deletion of a supplier only the feed gives removes it from the catalogue (3 863 → 3 862)', async () => {
    const run = await runSync(AT_V2, { serve: () => serve(feedRoutes(v3)) });
    expect(run.entry).toMatchObject({
      status: 'ok',
      added: 0,
      changed: 0,
      removed: 1,
      cursor: v3.index.cursor,
      message:
        `« ${FEED_NAME} » synchronisée : 0 ajouté, 0 modifié, 1 retiré. ` +
        `Le catalogue compte 3${SP}862 fournisseurs.`,
    });
    expect(run.requests.map((r) => r.path)).toEqual([
      '/flux/feed.json',
      '/flux/changes-2-3.json',
    ]);
    const after = await inspectDatabase(run.file, FEED_ID);
    expect(after.supplierCount).toBe(3862);
    expect(after.recordCounts).toEqual({ embedded: 3862, [FEED_ID]: 3859 });
    expect(after.suppliers.has(ADDED)).toBe(false);
    expect(after.state).toMatchObject({ cursor: v3.index.cursor, sequence: 3 });
  });

  it('two change sets behind: both apply in one go, to the very catalogue two syncs in a row give', async () => {
    const stepwise = await runSync(AT_V2, { serve: () => serve(feedRoutes(v3)) });
    const atOnce = await runSync(AT_V1, { serve: () => serve(feedRoutes(v3)) });
    expect(atOnce.requests.map((r) => r.path)).toEqual([
      '/flux/feed.json',
      '/flux/changes-1-2.json',
      '/flux/changes-2-3.json',
    ]);
    expect(atOnce.entry).toMatchObject({
      status: 'ok',
      added: 1,
      changed: 3,
      removed: 4,
      cursor: v3.index.cursor,
      message:
        `« ${FEED_NAME} » synchronisée : 1 ajouté, 3 modifiés, 4 retirés. ` +
        `Le catalogue compte 3${SP}862 fournisseurs.`,
    });
    // Changes 1→2: 4 upserts and 3 removals; 2→3: 1 removal.
    expect(atOnce.progress.filter((p) => p.phase === 'apply').at(-1)).toMatchObject({
      applied: 8,
      total: 8,
    });
    const a = await inspectDatabase(atOnce.file, FEED_ID);
    const b = await inspectDatabase(stepwise.file, FEED_ID);
    expect(a.recordCounts).toEqual({ embedded: 3862, [FEED_ID]: 3859 });
    expect(a.fingerprint).toEqual(b.fingerprint);
  });

  it('304 on feed.json: unchanged, nothing else downloaded, the catalogue as it was', async () => {
    const run = await runSync(AT_V1, { serve: () => serve(feedRoutes(v1)) });
    expect(run.requests.map((r) => r.path)).toEqual(['/flux/feed.json']);
    expect(run.requests[0]?.headers['if-none-match']).toBe(etagOf(v1));
    expect(run.entry).toMatchObject({
      ...failedEntry(''),
      message: `« ${FEED_NAME} » est à jour (le serveur n’a rien de nouveau).`,
      status: 'unchanged',
      bytes: 0,
      cursor: v1.index.cursor,
    });
    await expectKeptAtV1(run);
  });

  it('feed.json sent again whole at the same cursor (its ETag changed): unchanged, the new validators kept', async () => {
    const run = await runSync(AT_V1, {
      serve: () => serve(feedRoutes(v1, { etag: '"recompresse"' })),
    });
    expect(run.requests.map((r) => r.path)).toEqual(['/flux/feed.json']);
    expect(run.entry).toMatchObject({
      status: 'unchanged',
      cursor: v1.index.cursor,
      message: `« ${FEED_NAME} » est à jour (curseur ${v1.index.cursor}).`,
    });
    const after = await inspectDatabase(run.file, FEED_ID);
    expect(after.state?.etag).toBe('"recompresse"');
    // Only the source's row changed (its ETag): suppliers, records, sectors, metadata did not.
    for (const part of ['suppliers', 'records', 'sectors', 'meta']) {
      expect(after.fingerprint[part]).toBe(atV1.fingerprint[part]);
    }
    expect(after.state?.lastModified).toBe(lastModifiedOf(v1));
  });

  it('validators kept but no record of the source: feed.json asked without them (no 304) and the whole snapshot fetched', async () => {
    const run = await runSync(FRESH, {
      serve: () => serve(feedRoutes(v1)),
      // A copy the server would answer 304 for, though the source holds nothing.
      setup: (db) =>
        setSourceState(db, FEED_ID, {
          etag: etagOf(v1),
          lastModified: lastModifiedOf(v1),
        }),
    });
    expect(run.requests.map((r) => r.path)).toEqual([
      '/flux/feed.json',
      '/flux/snapshot-1.json',
    ]);
    expect(run.requests[0]?.headers['if-none-match']).toBeUndefined();
    expect(run.requests[0]?.headers['if-modified-since']).toBeUndefined();
    expect(run.entry).toMatchObject({
      status: 'ok',
      added: 3862,
      cursor: v1.index.cursor,
    });
    const after = await inspectDatabase(run.file, FEED_ID);
    expect(after.supplierCount).toBe(3862);
    expect(after.recordCounts).toEqual({ embedded: 3862, [FEED_ID]: 3862 });
    expect(after.fingerprint).toEqual(atV1.fingerprint);
  });

  it('a server answering 304 when nothing was asked under condition: refused, not taken for « up to date »', async () => {
    const run = await runSync(FRESH, {
      serve: () => serve({ 'feed.json': { kind: 'status', status: 304 } }),
    });
    expect(run.entry).toMatchObject(
      failedEntry(
        `Le serveur a répondu « non modifié » (304) pour ${feedUrl()} sans qu’on le ` +
          'demande, alors que le catalogue local n’a encore rien de cette source : ' +
          `l’index du flux n’a pas pu être lu. ${KEPT}`,
      ),
    );
    await expectKept(run, fresh, { suppliers: 3862, records: 0, cursor: null });
  });

  it('500 then 200 on feed.json: succeeds at the second try', async () => {
    const routes = feedRoutes(v2);
    const run = await runSync(AT_V1, {
      serve: () => serve({ ...routes, 'feed.json': failing(1, routes['feed.json']!) }),
    });
    expect(run.requests.map((r) => r.path)).toEqual([
      '/flux/feed.json',
      '/flux/feed.json',
      '/flux/changes-1-2.json',
    ]);
    expect(run.entry).toMatchObject({ status: 'ok', added: 1, changed: 3, removed: 3 });
    const after = await inspectDatabase(run.file, FEED_ID);
    expect(after.supplierCount).toBe(3863);
    expect(after.fingerprint).toEqual(atV2.fingerprint);
  });

  it('accepts JSON served as text/plain when it checks out (size, SHA-256, schema): the content type is not what is trusted', async () => {
    const run = await runSync(AT_V1, {
      serve: () => serve(feedRoutes(v2, { contentType: 'text/plain; charset=utf-8' })),
    });
    expect(run.entry).toMatchObject({ status: 'ok', added: 1, changed: 3, removed: 3 });
    const after = await inspectDatabase(run.file, FEED_ID);
    expect(after.fingerprint).toEqual(atV2.fingerprint);
  });

  it('feed.json behind a redirect: the files are fetched next to where it was found', async () => {
    const run = await runSync(AT_V1, {
      serve: () => {
        serve({ 'feed.json': { kind: 'redirect', location: '/miroir/feed.json' } });
        serve(feedRoutes(v2), '/miroir/');
      },
    });
    expect(run.requests.map((r) => r.path)).toEqual([
      '/flux/feed.json',
      '/miroir/feed.json',
      '/miroir/changes-1-2.json',
    ]);
    expect(run.entry).toMatchObject({ status: 'ok', added: 1, changed: 3, removed: 3 });
    const after = await inspectDatabase(run.file, FEED_ID);
    expect(after.fingerprint).toEqual(atV2.fingerprint);
  });

  it('a record that fails validation is refused and reported; the rest of the change set applies', async () => {
    const changes = parseFile<FeedChanges>(v2, 'changes-1-2.json');
    const bad: FeedChanges = {
      ...changes,
      upserts: changes.upserts.map((s) =>
        s.id === ADDED ? { ...s, siret: '81061689600026' } : s,
      ),
    };
    const bytes = encode(bad);
    const feed = feedOf(
      { ...v2.index, changes: [refOf('changes-1-2.json', bad, bytes)] },
      {
        'changes-1-2.json': bytes,
      },
    );
    const run = await runSync(AT_V1, { serve: () => serve(feedRoutes(feed)) });
    expect(run.entry).toMatchObject({
      status: 'ok',
      added: 0,
      changed: 3,
      removed: 3,
      rejected: [
        {
          sourceId: FEED_ID,
          recordId: ADDED,
          field: 'siret',
          reason: 'le SIRET ne respecte pas la clé de Luhn (valeur « 81061689600026 »)',
        },
      ],
      cursor: v2.index.cursor,
      message:
        `« ${FEED_NAME} » synchronisée : 0 ajouté, 3 modifiés, 3 retirés ; ` +
        `1 fiche refusée (voir le détail). Le catalogue compte 3${SP}862 fournisseurs.`,
    });
    const after = await inspectDatabase(run.file, FEED_ID);
    expect(after.recordCounts).toEqual({ embedded: 3862, [FEED_ID]: 3859 });
    expect(after.suppliers.has(ADDED)).toBe(false);
    expect(supplierOf(after, HUMANDO).name).toBe('HUMANDO MASSY');
    expect(after.log[0]?.rejected).toHaveLength(1);
  });
});

describe('syncSource, a Passerelle feed: every failure keeps the catalogue, on disk too', () => {
  /** Publication 2 without its change sets (pruned): a client at 1 needs snapshot-2. */
  function prunedV2(): FeedVersion {
    return feedOf(
      { ...v2.index, changes: [] },
      {
        'snapshot-2.json': v2.files['snapshot-2.json'] as Buffer,
      },
    );
  }

  it('truncated at half: « Connexion interrompue », twice, nothing applied', async () => {
    const body = v2.files['snapshot-2.json'] as Buffer;
    const run = await runSync(AT_V1, {
      serve: () =>
        serve({
          ...feedRoutes(prunedV2()),
          'snapshot-2.json': { kind: 'truncate', body, fraction: 0.5 },
        }),
    });
    const url = feedUrl('snapshot-2.json');
    // The server sends 2,2 Mo of 4,4 Mo and drops the connection. The fetcher
    // counts the bytes it had read when the error surfaced; what undici still
    // held is not counted, so it can be less than what arrived: « 2,1 Mo »,
    // even « 576,4 ko », are seen too.
    const [, counted = '', unit = ''] =
      /après (\d+(?:,\d)?) (ko|Mo) sur/.exec(run.entry.message) ?? [];
    const countedMo = Number(counted.replace(',', '.')) * (unit === 'ko' ? 0.001 : 1);
    expect(countedMo).toBeGreaterThan(0);
    expect(countedMo).toBeLessThanOrEqual(
      Number((Math.floor(body.length / 2) / 1e6).toFixed(1)),
    );
    expect(mo(Math.floor(body.length / 2))).toBe('2,2 Mo');
    expect(run.entry).toMatchObject(
      failedEntry(
        `Connexion interrompue après ${counted} ${unit} sur ${mo(body.length)} attendus ` +
          `en téléchargeant ${url} (2 tentatives). ${KEPT}`,
      ),
    );
    expect(run.requests.map((r) => r.path)).toEqual([
      '/flux/feed.json',
      '/flux/snapshot-2.json',
      '/flux/snapshot-2.json',
    ]);
    await expectKeptAtV1(run);
  });

  it('500 at every try: failed after two, the catalogue as it was', async () => {
    const run = await runSync(AT_V1, {
      serve: () =>
        serve({
          ...feedRoutes(v2),
          'feed.json': { kind: 'status', status: 500, body: 'Erreur du serveur' },
        }),
    });
    expect(run.entry).toMatchObject(
      failedEntry(
        `Le serveur a répondu 500 (erreur interne du serveur) pour ${feedUrl()} ` +
          `(2 tentatives). ${KEPT}`,
      ),
    );
    expect(run.requests.map((r) => r.path)).toEqual([
      '/flux/feed.json',
      '/flux/feed.json',
    ]);
    await expectKeptAtV1(run);
  });

  it('very slow: no byte for 0,4 s is a timeout, the catalogue as it was', async () => {
    const run = await runSync(AT_V1, {
      http: { ...HTTP, timeoutMs: 400 },
      serve: () =>
        serve({
          ...feedRoutes(prunedV2()),
          'snapshot-2.json': {
            kind: 'slow',
            body: v2.files['snapshot-2.json'] as Buffer,
            byteEveryMs: 5_000,
          },
        }),
    });
    expect(run.entry).toMatchObject(
      failedEntry(
        `Délai dépassé : ${feedUrl('snapshot-2.json')} n’a rien envoyé pendant 0,4 s ` +
          `(2 tentatives). ${KEPT}`,
      ),
    );
    await expectKeptAtV1(run);
  });

  it('an HTML login page with 200 instead of feed.json', async () => {
    const run = await runSync(AT_V1, {
      serve: () => serve({ ...feedRoutes(v2), 'feed.json': { kind: 'login-page' } }),
    });
    expect(run.entry).toMatchObject(
      failedEntry(
        `Le serveur a renvoyé une page web (« Connexion ») au lieu du fichier « ${feedUrl()} » ` +
          'du flux : une page de connexion ou un portail d’accès s’interpose sans doute ' +
          `entre Passerelle et le serveur. ${KEPT}`,
      ),
    );
    expect(run.requests.map((r) => r.path)).toEqual(['/flux/feed.json']);
    await expectKeptAtV1(run);
  });

  it('an HTML login page with 200 instead of the snapshot', async () => {
    const run = await runSync(AT_V1, {
      serve: () =>
        serve({ ...feedRoutes(prunedV2()), 'snapshot-2.json': { kind: 'login-page' } }),
    });
    expect(run.entry).toMatchObject(
      failedEntry(
        'Le serveur a renvoyé une page web (« Connexion ») au lieu du fichier ' +
          `« ${feedUrl('snapshot-2.json')} » du flux : une page de connexion ou un portail ` +
          `d’accès s’interpose sans doute entre Passerelle et le serveur. ${KEPT}`,
      ),
    );
    await expectKeptAtV1(run);
  });

  it('an empty snapshot, though its index and checksum agree: refused, it would empty the catalogue', async () => {
    const snapshot = parseFile<FeedSnapshot>(v2, 'snapshot-2.json');
    const empty: FeedSnapshot = { ...snapshot, supplierCount: 0, suppliers: [] };
    const bytes = encode(empty);
    const index: FeedIndex = {
      ...v2.index,
      supplierCount: 0,
      snapshot: refOf('snapshot-2.json', empty, bytes),
      changes: [],
    };
    const run = await runSync(AT_V1, {
      serve: () => serve(feedRoutes(feedOf(index, { 'snapshot-2.json': bytes }))),
    });
    expect(run.entry).toMatchObject(
      failedEntry(
        `Le fichier « ${feedUrl('snapshot-2.json')} » du flux est refusé : l’instantané ` +
          `ne contient aucun fournisseur et viderait le catalogue. ${KEPT}`,
      ),
    );
    await expectKeptAtV1(run);
  });

  it('a wrong count: a snapshot announcing 3 860 suppliers holds 3 859', async () => {
    const snapshot = parseFile<FeedSnapshot>(v2, 'snapshot-2.json');
    const short: FeedSnapshot = { ...snapshot, suppliers: snapshot.suppliers.slice(1) };
    const bytes = encode(short);
    const index: FeedIndex = {
      ...v2.index,
      snapshot: refOf('snapshot-2.json', short, bytes),
      changes: [],
    };
    const run = await runSync(AT_V1, {
      serve: () => serve(feedRoutes(feedOf(index, { 'snapshot-2.json': bytes }))),
    });
    expect(run.entry).toMatchObject(
      failedEntry(
        `Le fichier « ${feedUrl('snapshot-2.json')} » du flux est refusé : il annonce ` +
          `3${SP}860 fournisseur(s) mais en contient 3${SP}859. ${KEPT}`,
      ),
    );
    await expectKeptAtV1(run);
  });

  /** Feed v2 whose change set announces 3 861 records: applied, it gives 3 860. */
  const changesAnnouncing3861 = (): { index: FeedIndex; bytes: Buffer } => {
    const changes = parseFile<FeedChanges>(v2, 'changes-1-2.json');
    const wrong: FeedChanges = { ...changes, supplierCount: 3861 };
    const bytes = encode(wrong);
    return {
      index: { ...v2.index, changes: [refOf('changes-1-2.json', wrong, bytes)] },
      bytes,
    };
  };

  it('a wrong count found once applied: a change set announcing 3 861 records gives 3 860, rolled back, and the snapshot applied instead', async () => {
    const { index, bytes } = changesAnnouncing3861();
    const run = await runSync(AT_V1, {
      serve: () =>
        serve(
          feedRoutes(
            feedOf(index, {
              'changes-1-2.json': bytes,
              'snapshot-2.json': v2.files['snapshot-2.json'] as Buffer,
            }),
          ),
        ),
    });
    // The same change set would fail at every sync: the snapshot says it all.
    expect(run.requests.map((r) => r.path)).toEqual([
      '/flux/feed.json',
      '/flux/changes-1-2.json',
      '/flux/snapshot-2.json',
    ]);
    expect(run.entry).toMatchObject({ status: 'ok', cursor: v2.index.cursor });
    expect(run.entry.message).toMatch(
      new RegExp(
        `^« ${FEED_NAME} » synchronisée : .* Le catalogue compte 3${SP}863 fournisseurs\\. ` +
          'Les fichiers de changements du flux ne tombaient pas juste \\(nombre de ' +
          'fournisseurs\\) : son instantané complet a été appliqué à la place\\.$',
      ),
    );
    const after = await inspectDatabase(run.file, FEED_ID);
    expect(after.supplierCount).toBe(atV2.supplierCount);
    expect(after.recordCounts).toEqual(atV2.recordCounts);
    expect(after.state).toMatchObject({ cursor: v2.index.cursor, sequence: 2 });
  });

  it('a wrong count in the change set and the snapshot gone from the server: refused, rolled back', async () => {
    const { index, bytes } = changesAnnouncing3861();
    const run = await runSync(AT_V1, {
      serve: () => serve(feedRoutes(feedOf(index, { 'changes-1-2.json': bytes }))),
    });
    expect(run.entry).toMatchObject(
      failedEntry(
        `Le serveur a répondu 404 (fichier introuvable) pour ${feedUrl('snapshot-2.json')}. ` +
          'Le catalogue local reste tel qu’il était.',
      ),
    );
    await expectKeptAtV1(run);
  });

  it('a wrong checksum: one letter of the snapshot changed on the way', async () => {
    const original = v2.files['snapshot-2.json'] as Buffer;
    const altered = Buffer.from(original);
    const at = altered.indexOf('HUMANDO MASSY');
    expect(at).toBeGreaterThan(0);
    altered.write('X', at + 'HUMANDO MASS'.length);
    const run = await runSync(AT_V1, {
      serve: () =>
        serve({
          ...feedRoutes(prunedV2()),
          'snapshot-2.json': { kind: 'serve', body: altered, gzip: true },
        }),
    });
    expect(run.entry).toMatchObject(
      failedEntry(
        `Le fichier « ${feedUrl('snapshot-2.json')} » du flux est refusé : son empreinte ` +
          `SHA-256 (${sha256(altered).slice(0, 12)}…) n’est pas celle qu’annonce l’index ` +
          `du flux (${sha256(original).slice(0, 12)}…) ; fichier altéré ou remplacé. ${KEPT}`,
      ),
    );
    await expectKeptAtV1(run);
  });

  it('a cursor that goes back (a stale mirror serves publication 1 to a client at 2): refused', async () => {
    const run = await runSync(AT_V2, { serve: () => serve(feedRoutes(v1)) });
    expect(run.entry).toMatchObject(
      failedEntry(
        `Le flux « ${FEED_TITLE} » est revenu en arrière : il est au n° 1 (curseur ` +
          `${v1.index.cursor}) alors que le catalogue local a déjà appliqué le n° 2 ` +
          `(curseur ${v2.index.cursor}). Rien n’est appliqué ; si le serveur sert une ` +
          'ancienne copie, réessayez plus tard ; si l’éditeur a recommencé son flux, ' +
          `retirez la source puis ajoutez-la de nouveau. ${KEPT}`,
      ),
    );
    expect(run.requests.map((r) => r.path)).toEqual(['/flux/feed.json']);
    const after = await expectKept(run, atV2, {
      suppliers: 3863,
      records: 3860,
      cursor: v2.index.cursor,
    });
    expect(supplierOf(after, HUMANDO).name).toBe('HUMANDO MASSY');
  });

  it('cancelled mid-download: « Synchronisation annulée », the partial file removed', async () => {
    const body = v2.files['snapshot-2.json'] as Buffer;
    const controller = new AbortController();
    const run = await runSync(AT_V1, {
      signal: controller.signal,
      onProgress: (p) => {
        if (p.phase === 'download' && p.bytes > 0) controller.abort();
      },
      serve: () =>
        serve({
          ...feedRoutes(prunedV2()),
          // Half the body, then nothing: only the cancel ends the download.
          'snapshot-2.json': {
            kind: 'custom',
            handle: (_req, res) => {
              res.writeHead(200, {
                'content-type': 'application/json',
                'content-length': body.length,
              });
              res.write(body.subarray(0, body.length / 2));
            },
          },
        }),
    });
    expect(run.entry).toMatchObject(
      failedEntry(`Synchronisation annulée. ${KEPT}`, 'cancelled'),
    );
    const downloads = run.progress.filter((p) => p.phase === 'download' && p.bytes > 0);
    expect(downloads[0]?.totalBytes).toBe(body.length);
    expect(downloads[0]?.bytes).toBeLessThan(body.length);
    expect(run.progress.at(-1)?.phase).toBe('cancelled');
    await expectKeptAtV1(run);
  });

  it('cancelled while the snapshot is being applied: the transaction is rolled back whole', async () => {
    const controller = new AbortController();
    const run = await runSync(AT_V1, {
      signal: controller.signal,
      onProgress: (p) => {
        if (p.phase === 'apply' && p.applied > 0) controller.abort();
      },
      serve: () => serve(feedRoutes(prunedV2())),
    });
    expect(run.entry).toMatchObject(
      failedEntry(`Synchronisation annulée. ${KEPT}`, 'cancelled'),
    );
    const applying = run.progress.filter((p) => p.phase === 'apply' && p.applied > 0);
    // 3 860 records and the 3 the snapshot no longer holds; the cancel came at the first step.
    expect(applying).toHaveLength(1);
    expect(applying[0]?.total).toBe(3863);
    expect(applying[0]?.applied).toBeLessThan(3863);
    await expectKeptAtV1(run);
  });

  it('an unknown source is a mistake of the caller, not a sync to log', async () => {
    const handle = await openDatabase(null);
    try {
      const ctx: SyncContext = {
        db: handle.db,
        save: () => handle.saveInSlices(),
        tempDir: join(root, 'inutile'),
        sourceContext: () => sourceContext,
        now: () => SYNCED_AT,
      };
      await expect(syncSource(ctx, 'inconnue')).rejects.toThrow(
        new UserError('La source « inconnue » n’existe pas.'),
      );
    } finally {
      handle.close();
    }
  });
});

describe('syncSource, the other kinds of source', () => {
  const MAP_ID = 'transiscope-niort';
  const MAP_NAME = 'Transiscope autour de Niort';
  const MAP_LICENCE = 'Aucune licence indiquée par la carte';
  const MAPPING: CategoryMapping[] = [
    { category: 'agriculture et alimentation', sectorIds: [148], labels: ['local'] },
    {
      category: 'fabriquer reparer zero dechets',
      sectorIds: [124, 138],
      labels: ['reemploi'],
    },
    { category: 'economie sociale et solidaire', sectorIds: [], labels: ['ess'] },
  ];
  const elements = readFileSync(
    join('tests', 'fixtures', 'sources', 'gogocarto-elements.json'),
  );

  function saveMap(db: Database): void {
    saveSource(db, {
      kind: 'gogocarto',
      id: MAP_ID,
      name: MAP_NAME,
      enabled: true,
      licence: MAP_LICENCE,
      url: server.url('/carte/'),
      mapping: MAPPING,
    });
  }

  it('a GoGoCarto map: 99 of its 100 elements, one joining the embedded supplier with its SIRET', async () => {
    const run = await runSync(FRESH, {
      sourceId: MAP_ID,
      setup: saveMap,
      serve: () =>
        server.route('/carte/api/elements.json', { kind: 'serve', body: elements }),
    });
    expect(run.requests.map((r) => r.path)).toEqual(['/carte/api/elements.json']);
    expect(run.entry).toMatchObject({
      sourceId: MAP_ID,
      sourceName: MAP_NAME,
      status: 'ok',
      added: 99,
      changed: 0,
      removed: 0,
      // The element without position nor commune (see tests/integration/sources/gogocarto.spec.ts).
      rejected: [
        {
          sourceId: MAP_ID,
          recordId: '3rJB',
          field: 'geo',
          reason: 'pas de coordonnées, et pas de commune : position inconnue',
        },
      ],
      cursor: null,
      // 3 862 + 99 − 1: « La friperie trio » has the SIRET of the embedded « ASSOC TRIO ».
      message:
        `« ${MAP_NAME} » synchronisée : 99 ajoutés, 0 modifié, 0 retiré ; 1 fiche ` +
        `refusée (voir le détail). Le catalogue compte 3${SP}960 fournisseurs. ` +
        '15 avertissement(s) sur des fiches gardées (voir le détail).',
    });
    // Kept, and said: Benassay and Lavausseau merged into Boivre-la-Vallée
    // (86123) in 2019, so their postcode 86470 is all that places them; a
    // locality written with its postcode in front is not found; a website
    // without http(s) is left out; « Is'Eau Energie » is « Is'eau Énergie »
    // at the same coordinates, written twice; « kaiku borda » at Ossès (64436)
    // has a geo in the Deux-Sèvres, 337 km away, and is placed at its commune.
    const warnings = run.entry.warnings.map(
      (w) => `${w.recordId} ${w.field} : ${w.reason}`,
    );
    expect(warnings).toHaveLength(15);
    expect(warnings.filter((w) => w.startsWith('3ndU '))).toEqual([
      expect.stringMatching(
        /^3ndU geo : coordonnées .*46\.21265.* ; .*-0\.38485.* à 337 km de la commune « Ossès » : centre de la commune retenu$/u,
      ),
    ]);
    expect(warnings).toEqual(
      expect.arrayContaining([
        '3oEt address.postalCode/address.addressLocality : commune « Benassay » retenue ' +
          'par son seul code postal 86470 : Boivre-la-Vallée (86123)',
        '3nB5 address.postalCode/address.addressLocality : commune « Lavausseau » ' +
          'retenue par son seul code postal 86470 : Boivre-la-Vallée (86123)',
        '3pa7 address.postalCode/address.addressLocality : la commune « 79230 Le ' +
          'prahecq » est introuvable (coordonnées gardées)',
        '3nsg website : site « www.lanatural.fr » ignoré : ce n’est pas une adresse http(s)',
        '3oJK name : même nom et même position que l’enregistrement 3pZy : doublon ' +
          'probable, gardé ; retirez-le de la source s’il s’agit du même fournisseur',
      ]),
    );
    const after = await inspectDatabase(run.file, MAP_ID);
    expect(after.supplierCount).toBe(3960);
    expect(after.recordCounts).toEqual({ embedded: 3862, [MAP_ID]: 99 });
    expect(after.state).toMatchObject({ cursor: null, lastStatus: 'ok' });
    expect(after.log[0]).toEqual(run.entry);
    // The map's record is the most recent: its name and place; the kind stays the
    // embedded EI (the map says only ENTREPRISE); the rest is the union.
    const trio = embedded.get('siret-45193535700033') as Supplier;
    expect(trio.name).toBe('ASSOC TRIO');
    expect(supplierOf(after, 'siret-45193535700033')).toEqual({
      ...trio,
      name: 'La friperie trio',
      kind: 'EI',
      description: "Une friperie d'Emmaüs.",
      address: {
        street: '203 rue du Maréchal Leclerc',
        postcode: '79000',
        city: 'Niort',
        inseeCode: '79191',
        departement: '79',
      },
      location: { lat: 46.33752, lon: -0.44888 },
      sources: [
        ...embeddedOnly('siret-45193535700033').sources,
        {
          dataset: MAP_NAME,
          recordId: '3p00',
          licence: MAP_LICENCE,
          url: 'https://presdecheznous.fr/annuaire#/fiche/id/C99',
          sourceId: MAP_ID,
        },
      ],
    });
    // A supplier of the map alone, under an id made from the map and the element.
    expect(supplierOf(after, 'transiscope-niort-15593192')).toMatchObject({
      name: 'Atoubois',
      labels: ['ess', 'reemploi'],
      sectorIds: [124, 138],
      sources: [expect.objectContaining({ recordId: '3qv6', sourceId: MAP_ID })],
    });
  });

  it('a GoGoCarto map answering 500: failed, the catalogue as it was', async () => {
    const run = await runSync(FRESH, {
      sourceId: MAP_ID,
      setup: saveMap,
      serve: () =>
        server.route('/carte/api/elements.json', {
          kind: 'status',
          status: 500,
          body: 'Erreur du serveur',
        }),
    });
    expect(run.entry).toMatchObject({
      sourceId: MAP_ID,
      status: 'failed',
      message:
        `« ${MAP_NAME} » : Le serveur a répondu 500 (erreur interne du serveur) pour ` +
        `${server.url('/carte/api/elements.json')} (2 tentatives). ${KEPT}`,
    });
    const after = await inspectDatabase(run.file, MAP_ID);
    expect(after.recordCounts).toEqual({ embedded: 3862 });
    expect(after.fingerprint.suppliers).toBe(fresh.fingerprint.suppliers);
    expect(after.fingerprint.records).toBe(fresh.fingerprint.records);
    expect(after.state?.lastStatus).toBe('failed');
  });

  const NETWORK_ID = 'reseau-reemploi';
  const NETWORK = 'Réseau régional du réemploi';
  const REUSE_COLUMNS: SpreadsheetColumns = {
    name: 'Nom',
    siret: 'SIRET',
    kind: 'Type',
    labels: 'Labels',
    sectors: 'Secteurs',
    street: 'Adresse',
    postcode: 'Code postal',
    city: 'Ville',
    lat: 'Latitude',
    lon: 'Longitude',
    website: 'Site internet',
    description: 'Présentation',
  };

  function network(path: string): SourceConfig {
    return {
      kind: 'spreadsheet',
      id: NETWORK_ID,
      name: NETWORK,
      enabled: true,
      licence: FEED_LICENCE,
      path,
      columns: REUSE_COLUMNS,
    };
  }

  it('a regional network’s spreadsheet: its 5 suppliers all join embedded ones (4 by SIRET, « ASSO ERA » by name)', async () => {
    const path = join(
      process.cwd(),
      'tests',
      'fixtures',
      'sources',
      'reseau-reemploi.csv',
    );
    const run = await runSync(FRESH, {
      sourceId: NETWORK_ID,
      setup: (db) => saveSource(db, network(path)),
      serve: () => undefined,
    });
    expect(run.entry).toMatchObject({
      status: 'ok',
      added: 5,
      changed: 0,
      removed: 0,
      rejected: [],
      // Row 5 of the fixture: a SIREN (9 digits) where the SIRET goes, and
      // « Lyon 07 », which only its postcode 69007 places.
      warnings: [
        {
          sourceId: NETWORK_ID,
          recordId: '5',
          field: 'SIRET',
          reason: 'SIREN « 811346568 » seulement : pas d’établissement identifié',
        },
        {
          sourceId: NETWORK_ID,
          recordId: '5',
          field: 'Code postal/Ville',
          reason:
            'commune « Lyon 07 » retenue par son seul code postal 69007 : Lyon 7e ' +
            'Arrondissement (69387)',
        },
      ],
      message:
        `« ${NETWORK} » synchronisée : 5 ajoutés, 0 modifié, 0 retiré. ` +
        `Le catalogue compte 3${SP}862 fournisseurs. 2 avertissement(s) sur des ` +
        'fiches gardées (voir le détail).',
    });
    const after = await inspectDatabase(run.file, NETWORK_ID);
    expect(after.supplierCount).toBe(3862);
    expect(after.recordCounts).toEqual({ embedded: 3862, [NETWORK_ID]: 5 });
    // Row 6 of the file (SEVE), row 5 (ASSO ERA, a lone SIREN: no SIRET).
    expect(supplierOf(after, 'siret-98960003600010').sources).toEqual([
      ...embeddedOnly('siret-98960003600010').sources,
      {
        dataset: NETWORK,
        recordId: '6',
        licence: FEED_LICENCE,
        url: null,
        sourceId: NETWORK_ID,
      },
    ]);
    expect(supplierOf(after, ASSO_ERA).sources).toEqual([
      ...embeddedOnly(ASSO_ERA).sources,
      {
        dataset: NETWORK,
        recordId: '5',
        licence: FEED_LICENCE,
        url: null,
        sourceId: NETWORK_ID,
      },
    ]);
  });

  it('a spreadsheet that is no longer there: failed, the catalogue as it was', async () => {
    const missing = join(root, 'reseau-disparu.csv');
    const run = await runSync(FRESH, {
      sourceId: NETWORK_ID,
      setup: (db) => saveSource(db, network(missing)),
      serve: () => undefined,
    });
    expect(run.entry).toMatchObject({
      status: 'failed',
      message: `« ${NETWORK} » : Le fichier « ${missing} » est introuvable. ${KEPT}`,
    });
    const after = await inspectDatabase(run.file, NETWORK_ID);
    expect(after.recordCounts).toEqual({ embedded: 3862 });
    expect(after.fingerprint.suppliers).toBe(fresh.fingerprint.suppliers);
  });
});
