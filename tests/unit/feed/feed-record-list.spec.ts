/**
 * A feed file checked for the sync keeps only each record's keys and reads
 * the record again from the downloaded file when it is applied: what it
 * reads must be exactly what was published, whatever the order, and a file
 * changed since its check must be noticed, never applied.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FeedIndex, FeedSnapshot } from '../../../shared/feed/feed-format';
import type { Supplier } from '../../../shared/model';
import { buildFeed } from '../../../main/services/feed/build-feed';
import {
  checkFeedFileSteps,
  checkFeedPayload,
} from '../../../main/services/feed/check-feed-payload';
import { FileBytes, recordKeys } from '../../../main/services/feed/feed-record-list';
import { runToEnd } from '../../../main/services/run-steps';
import { UserError } from '../../../main/services/user-error';
import { readIndex, realCatalogue, refOf, tempDir, writeJson } from './feed-fixtures';

const options = { sourceId: 'flux-test' };
let root: string;
let index: FeedIndex;
let snapshotPath: string;
let published: Supplier[];
const opened: FileBytes[] = [];

/** The snapshot's file read back with a window of `windowBytes`, checked. */
function checkFromFile(path: string, windowBytes: number) {
  const file = new FileBytes(path, windowBytes);
  opened.push(file);
  const bytes = readFileSync(path);
  const checked = runToEnd(
    checkFeedFileSteps(bytes, refOf(bytes, index.snapshot), { ...options, file }),
  );
  return checked.records;
}

beforeAll(async () => {
  root = tempDir('record-list');
  // The whole bundled catalogue: 3,862 records, 4 Mo, over many windows.
  const catalogue = realCatalogue();
  const input = writeJson(root, 'input.json', catalogue);
  await buildFeed({ input, outputDir: join(root, 'feed') });
  index = readIndex(join(root, 'feed'));
  snapshotPath = join(root, 'feed', index.snapshot.path);
  published = (JSON.parse(readFileSync(snapshotPath, 'utf8')) as FeedSnapshot).suppliers;
});

afterAll(() => {
  for (const file of opened) file.close();
  rmSync(root, { recursive: true, force: true });
});

describe('FeedRecordList read again from the downloaded file', () => {
  it('gives every published record, in order and in reverse, across window edges', () => {
    expect(published).toHaveLength(3862);
    // 4 kio windows: records straddle them, and some are longer than one.
    const records = checkFromFile(snapshotPath, 4096);
    expect(records).toHaveLength(3862);
    expect(records.all()).toEqual(published);
    for (let i = records.length - 1; i >= 0; i -= 97) {
      expect(records.load(i)).toEqual(published[i]);
    }
    // Read again at each call: nothing of the record is held between two.
    expect(records.load(5)).not.toBe(records.load(5));
  });

  it('keeps what the merge compares, worked out from the published records', () => {
    const records = checkFromFile(snapshotPath, 1 << 20);
    const at = (id: string): number => published.findIndex((s) => s.id === id);
    // « ASSO ERA », no SIRET; the lycée's name shortened by the register.
    expect(records.keys(at('reemploi-68'))).toEqual({
      siret: null,
      nameFolded: 'asso era',
      lat: 45.74076,
      lon: 4.84985,
    });
    expect(records.id(at('siret-19021522800015'))).toBe('siret-19021522800015');
    expect(records.keys(at('siret-19021522800015'))).toEqual({
      siret: '19021522800015',
      nameFolded: 'lycee gen technologi agricole thierache',
      lat: 49.832434,
      lon: 3.887141,
    });
    for (let i = 0; i < records.length; i += 1) {
      expect(records.keys(i)).toEqual(recordKeys(published[i]!));
    }
  });

  it('refuses a record when the file changed after its check', () => {
    const copy = join(root, 'copie.json');
    writeFileSync(copy, readFileSync(snapshotPath));
    const records = checkFromFile(copy, 1 << 20);
    // Same length, two records swapped: the bytes at each range are another record's.
    const document = JSON.parse(readFileSync(copy, 'utf8')) as FeedSnapshot;
    const [first, second] = document.suppliers;
    document.suppliers[0] = second!;
    document.suppliers[1] = first!;
    writeFileSync(copy, JSON.stringify(document));
    expect(() => records.load(0)).toThrow(/no longer|JSON/);
  });

  it('holds the records themselves when the file was checked in memory', () => {
    const bytes = readFileSync(snapshotPath);
    const checked = checkFeedPayload(bytes, refOf(bytes, index.snapshot), options);
    if (checked.kind !== 'snapshot') throw new Error('snapshot expected');
    expect(checked.snapshot.suppliers).toEqual(published);
  });
});

describe('checkFeedFileSteps on broken lists', () => {
  const messageOf = (text: string): string => {
    const bytes = Buffer.from(text, 'utf8');
    try {
      runToEnd(checkFeedFileSteps(bytes, refOf(bytes, index.snapshot), options));
    } catch (error) {
      expect(error).toBeInstanceOf(UserError);
      return (error as Error).message;
    }
    throw new Error('expected a UserError');
  };
  const envelope = (suppliers: string): string => {
    const document = JSON.parse(readFileSync(snapshotPath, 'utf8')) as FeedSnapshot;
    const text = JSON.stringify({ ...document, suppliers: [] });
    return text.replace('"suppliers":[]', `"suppliers":${suppliers}`);
  };

  it('says where the JSON breaks when a record is not JSON', () => {
    // Brackets and braces in place, so the list is cut by bytes; the member then fails to parse.
    const text = envelope(`[${JSON.stringify(published[0])},{id:"x"}]`);
    // One line; the error is at the unquoted key, just after the brace (columns from 1).
    const column = text.indexOf('{id:"x"}') + 2;
    expect(messageOf(text)).toBe(
      'Le fichier « snapshot-1.json » du flux n’est pas un JSON valide ' +
        `(ligne 1, colonne ${column}).`,
    );
  });

  it('refuses a record whose bytes are not UTF-8, instead of reading « � »', () => {
    // « Café » written in Latin-1 inside a record: é is the lone byte 0xE9.
    const [before, after] = envelope(`[${JSON.stringify(published[0])}]`).split(
      'ASSO ERA',
    );
    const bytes = Buffer.concat([
      Buffer.from(`${before}ASSO CAF`),
      Buffer.from([0xe9]),
      Buffer.from(after!),
    ]);
    expect(() =>
      runToEnd(checkFeedFileSteps(bytes, refOf(bytes, index.snapshot), options)),
    ).toThrow(
      'Le fichier « snapshot-1.json » du flux n’est pas un texte UTF-8 : ce n’est pas ' +
        'un fichier du flux Passerelle.',
    );
  });

  it('refuses a supplier list that is not a list', () => {
    expect(messageOf(envelope('{"a":1}'))).toBe(
      'Le fichier « snapshot-1.json » du flux est refusé : champ « suppliers » : une ' +
        'liste de fournisseurs est attendue.',
    );
  });
});
