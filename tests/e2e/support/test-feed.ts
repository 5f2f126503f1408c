/**
 * A Passerelle feed built from the real catalogue for the sync specs, and a
 * slow static server on 127.0.0.1 that serves it (so that the progress bar
 * can be seen), started and stopped by the test.
 */
import { createReadStream } from 'node:fs';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createHash } from 'node:crypto';
import { buildFeed } from '../../../main/services/feed/build-feed';
import type { FeedIndex, FeedSnapshot } from '../../../shared/feed/feed-format';
import type { Catalogue, Supplier } from '../../../shared/model';

/** The real catalogue shipped in resources/. */
export async function readEmbeddedCatalogue(): Promise<Catalogue> {
  const path = join(process.cwd(), 'resources', 'catalogue.json');
  return JSON.parse(await readFile(path, 'utf8')) as Catalogue;
}

/** Luhn check, written here apart from the app's own. */
function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i += 1) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return sum % 10 === 0;
}

/** 14-digit SIRETs with a valid Luhn key, starting with 998, absent from `taken`. */
function newSirets(count: number, taken: ReadonlySet<string>): string[] {
  const sirets: string[] = [];
  for (let n = 1; sirets.length < count; n += 1) {
    const stem = `998${String(n).padStart(10, '0')}`;
    for (let key = 0; key <= 9; key += 1) {
      const siret = `${stem}${key}`;
      if (luhnValid(siret) && !taken.has(siret)) {
        sirets.push(siret);
        break;
      }
    }
  }
  return sirets;
}

/** The word every new supplier's name carries, to find them with the search. */
export const NEW_SUPPLIER_WORD = 'Synchrotest';

export interface TestFeed {
  dir: string;
  index: FeedIndex;
  /** Suppliers of the real catalogue left out of the feed. */
  dropped: Supplier[];
  /** Copies of real suppliers with new SIRETs, ids and names. */
  added: Supplier[];
  /** The record whose SIRET was spoiled after publication (refused by the app). */
  spoiled: { id: string; siret: string } | null;
  /** Records in the snapshot. */
  recordCount: number;
}

/**
 * Publishes with buildFeed, into `dir`: the real catalogue minus 10 suppliers,
 * plus 5 copies of real ones with new valid SIRETs, ids and names. With
 * `spoilOne`, one record's SIRET is then given a wrong Luhn key in the
 * snapshot, whose size and SHA-256 are written again into feed.json: the file
 * is whole, one record is bad.
 */
export async function buildTestFeed(
  dir: string,
  options: { spoilOne?: boolean } = {},
): Promise<TestFeed> {
  const catalogue = await readEmbeddedCatalogue();
  const withSiret = catalogue.suppliers.filter((s) => s.siret !== null);
  const dropped = Array.from({ length: 10 }, (_, i) => withSiret[i * 97 + 5] as Supplier);
  const droppedIds = new Set(dropped.map((s) => s.id));
  const models = withSiret.filter((s) => !droppedIds.has(s.id)).slice(-5);
  const taken = new Set(withSiret.map((s) => s.siret as string));
  const added = newSirets(models.length, taken).map((siret, i) => {
    const model = models[i] as Supplier;
    return {
      ...model,
      id: `siret-${siret}`,
      siret,
      name: `${model.name} (antenne ${NEW_SUPPLIER_WORD} ${i + 1})`,
    };
  });
  const suppliers = [
    ...catalogue.suppliers.filter((s) => !droppedIds.has(s.id)),
    ...added,
  ];
  const input = join(dir, 'fournisseurs.json');
  await writeFile(input, JSON.stringify({ ...catalogue, suppliers }), 'utf8');
  const outputDir = join(dir, 'flux');
  const built = await buildFeed({ input, outputDir, title: 'Flux de test' });
  if (built.issues.length > 0) {
    throw new Error(`buildFeed left records out: ${JSON.stringify(built.issues[0])}`);
  }
  let index = built.index;
  let spoiled: TestFeed['spoiled'] = null;
  if (options.spoilOne) {
    ({ index, spoiled } = await spoilOneSiret(outputDir, index));
  }
  return {
    dir: outputDir,
    index,
    dropped,
    added,
    spoiled,
    recordCount: index.snapshot.supplierCount,
  };
}

/** Gives the first record with a SIRET a wrong Luhn key; feed.json follows the new bytes. */
async function spoilOneSiret(
  dir: string,
  index: FeedIndex,
): Promise<{ index: FeedIndex; spoiled: { id: string; siret: string } }> {
  const path = join(dir, index.snapshot.path);
  const snapshot = JSON.parse(await readFile(path, 'utf8')) as FeedSnapshot;
  const record = snapshot.suppliers.find((s) => s.siret !== null) as Supplier;
  const good = record.siret as string;
  const last = Number(good.at(-1));
  record.siret = `${good.slice(0, -1)}${(last + 1) % 10}`;
  const bytes = Buffer.from(JSON.stringify(snapshot), 'utf8');
  await writeFile(path, bytes);
  const next: FeedIndex = {
    ...index,
    snapshot: {
      ...index.snapshot,
      bytes: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
    },
  };
  await writeFile(join(dir, 'feed.json'), JSON.stringify(next), 'utf8');
  return { index: next, spoiled: { id: record.id, siret: record.siret } };
}

export interface FeedServer {
  /** Address of feed.json. */
  feedUrl: string;
  /** Stops listening and drops every open connection. */
  stop(): Promise<void>;
}

/**
 * Serves the files of `dir` on 127.0.0.1, each body in `chunkBytes` pieces
 * `delayMs` apart (with its Content-Length), so that a download lasts.
 */
export async function serveFeed(
  dir: string,
  pace: { chunkBytes: number; delayMs: number },
): Promise<FeedServer> {
  const server: Server = createServer((req, res) => {
    void (async () => {
      const name = new URL(req.url ?? '/', 'http://127.0.0.1').pathname.slice(1);
      if (!/^[a-z0-9-]+\.json$/.test(name)) {
        res.writeHead(404).end();
        return;
      }
      const path = join(dir, name);
      const size = await stat(path).then(
        (s) => s.size,
        () => null,
      );
      if (size === null) {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, {
        'Content-Type': 'application/json',
        'Content-Length': String(size),
      });
      for await (const chunk of createReadStream(path, {
        highWaterMark: pace.chunkBytes,
      })) {
        if (res.destroyed) return;
        res.write(chunk);
        await sleep(pace.delayMs);
      }
      res.end();
    })().catch(() => res.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    feedUrl: `http://127.0.0.1:${port}/feed.json`,
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** « 3 867 » as fr-FR writes it (narrow no-break space), like the screens. */
export function frenchInteger(n: number): string {
  return new Intl.NumberFormat('fr-FR').format(n);
}

/** « 4,4 Mo »: bytes in megabytes of 1 000 000, one decimal. */
export function frenchMegabytes(bytes: number): string {
  const mo = new Intl.NumberFormat('fr-FR', {
    minimumFractionDigits: 1,
    maximumFractionDigits: 1,
  }).format(bytes / 1e6);
  return `${mo} Mo`;
}
