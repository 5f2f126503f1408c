import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FeedIndex, FeedSnapshot } from '../../../shared/feed/feed-format';
import type { Supplier } from '../../../shared/model';
import { buildFeed } from '../../../main/services/feed/build-feed';
import {
  checkFeedIndex,
  checkFeedPayload,
} from '../../../main/services/feed/check-feed-payload';
import { UserError } from '../../../main/services/user-error';
import { readIndex, realCatalogue, refOf, tempDir, writeJson } from './feed-fixtures';

const options = { sourceId: 'flux-test' };
const fr = (n: number): string => new Intl.NumberFormat('fr-FR').format(n);
let root: string;
let dir: string;
let index: FeedIndex;
let snapshotBytes: Buffer;
let suppliers: Supplier[];

/** The message of the UserError `run` throws (fails when it throws nothing or another error). */
function messageOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(UserError);
    return (error as UserError).message;
  }
  throw new Error('expected a UserError');
}

function encode(document: object): Buffer {
  return Buffer.from(JSON.stringify(document), 'utf8');
}

beforeAll(async () => {
  root = tempDir('feed-check');
  dir = root;
  const catalogue = realCatalogue();
  suppliers = catalogue.suppliers.slice(0, 40);
  const input = writeJson(dir, 'input.json', { ...catalogue, suppliers });
  const outputDir = join(dir, 'feed');
  await buildFeed({ input, outputDir });
  // Two more publications: 1 removed, then 1 renamed; the index lists two change sets.
  writeJson(dir, 'input.json', { ...catalogue, suppliers: suppliers.slice(1) });
  await buildFeed({ input, outputDir });
  const renamed = { ...suppliers[2]!, name: 'Nouveau nom' };
  writeJson(dir, 'input.json', {
    ...catalogue,
    suppliers: [suppliers[1], renamed, ...suppliers.slice(3)],
  });
  await buildFeed({ input, outputDir });
  dir = outputDir;
  index = readIndex(dir);
  snapshotBytes = readFileSync(join(dir, index.snapshot.path));
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('checkFeedPayload on a snapshot', () => {
  it('keeps every record of the snapshot as published', () => {
    const checked = checkFeedPayload(snapshotBytes, index.snapshot, options);
    expect(checked.kind).toBe('snapshot');
    expect(checked.rejected).toEqual([]);
    if (checked.kind !== 'snapshot') return;
    expect(checked.snapshot.suppliers).toHaveLength(39);
    expect(checked.snapshot.cursor).toBe(index.cursor);
  });

  it('refuses an HTML login page served with status 200', () => {
    const page = Buffer.from('<!DOCTYPE html><title>Connexion</title>');
    const message = messageOf(() => checkFeedPayload(page, index.snapshot, options));
    expect(message).toContain('page web (« Connexion »)');
    expect(message).toContain('« snapshot-3.json »');
  });

  it('says how much of a truncated file arrived', () => {
    const half = snapshotBytes.subarray(0, Math.floor(snapshotBytes.length / 2));
    const message = messageOf(() => checkFeedPayload(half, index.snapshot, options));
    expect(message).toBe(
      'Le fichier « snapshot-3.json » du flux est incomplet : ' +
        `${fr(half.length)} octets reçus sur ${fr(snapshotBytes.length)} octets ` +
        'annoncés (téléchargement ou copie interrompus).',
    );
  });

  it('refuses a file of another format', () => {
    const document = JSON.parse(snapshotBytes.toString('utf8')) as FeedSnapshot;
    const bytes = encode({ ...document, format: 'passerelle-catalogue' });
    const message = messageOf(() =>
      checkFeedPayload(bytes, refOf(bytes, index.snapshot), options),
    );
    expect(message).toContain('il porte le format « passerelle-catalogue »');
    expect(message).toContain('au lieu de « passerelle-feed-snapshot »');
  });

  it('says which format was expected when the file has none', () => {
    const bytes = encode({ hello: 1 });
    const message = messageOf(() =>
      checkFeedPayload(bytes, refOf(bytes, index.snapshot), options),
    );
    expect(message).toContain(
      'il n’a pas de champ « format » (« passerelle-feed-snapshot » attendu).',
    );
  });

  it('refuses a snapshot that gives its supplier list twice', () => {
    // JSON.parse would keep the second list without a word: a publisher's
    // tool gone wrong, or a file tampered with before its checksum was made.
    const text = snapshotBytes.toString('utf8');
    const bytes = Buffer.from(text.replace(/\}$/, ',"\\u0073uppliers":[]}'), 'utf8');
    expect(
      messageOf(() => checkFeedPayload(bytes, refOf(bytes, index.snapshot), options)),
    ).toBe(
      `Le fichier « ${index.snapshot.path} » du flux est refusé : la clé « suppliers » y ` +
        'figure deux fois : on ne peut pas savoir laquelle des deux valeurs l’éditeur voulait.',
    );
  });

  it('refuses a file whose SHA-256 or size is not the index’s', () => {
    const wrongSha = { ...index.snapshot, sha256: 'ab'.repeat(32) };
    expect(messageOf(() => checkFeedPayload(snapshotBytes, wrongSha, options))).toContain(
      'son empreinte SHA-256',
    );
    const wrongSize = { ...index.snapshot, bytes: index.snapshot.bytes + 1 };
    expect(
      messageOf(() => checkFeedPayload(snapshotBytes, wrongSize, options)),
    ).toContain(`sa taille (${fr(snapshotBytes.length)} octets)`);
  });

  it('refuses a count that disagrees with the index or with the records', () => {
    const wrongCount = { ...index.snapshot, supplierCount: 38 };
    expect(messageOf(() => checkFeedPayload(snapshotBytes, wrongCount, options))).toBe(
      'Le fichier « snapshot-3.json » du flux est refusé : il annonce 39 fournisseur(s) ' +
        'et l’index du flux 38 fournisseur(s).',
    );
    const document = JSON.parse(snapshotBytes.toString('utf8')) as FeedSnapshot;
    const bytes = encode({ ...document, supplierCount: 40 });
    const ref = { ...refOf(bytes, index.snapshot), supplierCount: 40 };
    expect(messageOf(() => checkFeedPayload(bytes, ref, options))).toContain(
      'il annonce 40 fournisseur(s) mais en contient 39',
    );
  });

  it('refuses a cursor other than the index’s, and an empty snapshot', () => {
    const otherCursor = { ...index.snapshot, cursor: '3-000000000000' };
    expect(
      messageOf(() => checkFeedPayload(snapshotBytes, otherCursor, options)),
    ).toContain(
      `il porte le curseur « ${index.cursor} » (n° 3) au lieu de « 3-000000000000 »`,
    );
    const document = JSON.parse(snapshotBytes.toString('utf8')) as FeedSnapshot;
    const bytes = encode({ ...document, suppliers: [], supplierCount: 0 });
    const ref = { ...refOf(bytes, index.snapshot), supplierCount: 0 };
    expect(messageOf(() => checkFeedPayload(bytes, ref, options))).toContain(
      'ne contient aucun fournisseur',
    );
  });

  it('rejects the bad records with id, field and reason, and keeps the others', () => {
    const document = JSON.parse(snapshotBytes.toString('utf8')) as FeedSnapshot;
    const records = document.suppliers;
    const badSiret = records[3]!;
    const realSiret = badSiret.siret!;
    // Last digit + 1 breaks the Luhn key of a valid SIRET.
    const wrongSiret = realSiret.slice(0, 13) + String((Number(realSiret[13]) + 1) % 10);
    records[3] = { ...badSiret, siret: wrongSiret };
    records[7] = {
      ...records[7]!,
      address: { ...records[7]!.address, postcode: '6244' },
    };
    records[9] = { ...records[8]! };
    const bytes = encode(document);
    const checked = checkFeedPayload(bytes, refOf(bytes, index.snapshot), options);
    expect(checked.rejected).toEqual([
      {
        sourceId: 'flux-test',
        recordId: badSiret.id,
        field: 'siret',
        reason: `le SIRET ne respecte pas la clé de Luhn (valeur « ${wrongSiret} »)`,
      },
      {
        sourceId: 'flux-test',
        recordId: records[7]!.id,
        field: 'address.postcode',
        reason: 'format non conforme (motif attendu : ^(\\d{5})?$) (valeur « 6244 »)',
      },
      {
        sourceId: 'flux-test',
        recordId: records[8]!.id,
        field: 'id',
        reason: expect.stringContaining('identifiant déjà donné') as string,
      },
    ]);
    if (checked.kind !== 'snapshot') throw new Error('snapshot expected');
    const kept = checked.snapshot.suppliers.map((s) => s.id);
    expect(kept).toHaveLength(36);
    expect(kept).not.toContain(badSiret.id);
    expect(kept).not.toContain(records[7]!.id);
    expect(kept.filter((id) => id === records[8]!.id)).toHaveLength(1);
  });
});

describe('checkFeedPayload on a change set', () => {
  it('reads the last change set: the renamed supplier, nothing removed', () => {
    const ref = index.changes[1]!;
    const bytes = readFileSync(join(dir, ref.path));
    const checked = checkFeedPayload(bytes, ref, options);
    if (checked.kind !== 'changes') throw new Error('changes expected');
    expect(checked.changes.upserts.map((s) => [s.id, s.name])).toEqual([
      [suppliers[2]!.id, 'Nouveau nom'],
    ]);
    expect(checked.changes.removals).toEqual([]);
    expect(checked.changes.from).toBe(index.changes[0]!.cursor);
  });

  it('refuses a supplier both changed and removed', () => {
    const ref = index.changes[1]!;
    const document = JSON.parse(readFileSync(join(dir, ref.path), 'utf8')) as {
      removals: string[];
    };
    const bytes = encode({ ...document, removals: [suppliers[2]!.id] });
    expect(
      messageOf(() => checkFeedPayload(bytes, refOf(bytes, ref), options)),
    ).toContain(
      `le fournisseur « ${suppliers[2]!.id} » y est à la fois modifié et supprimé`,
    );
  });
});

describe('checkFeedIndex', () => {
  it('accepts the index as published, with its two change sets', () => {
    const checked = checkFeedIndex(readFileSync(join(dir, 'feed.json')));
    expect(checked.sequence).toBe(3);
    expect(checked.changes.map((c) => c.path)).toEqual([
      'changes-1-2.json',
      'changes-2-3.json',
    ]);
  });

  it('refuses a login page, and change sets that do not follow one another', () => {
    const page = Buffer.from('<!DOCTYPE html><title>Connexion</title>');
    expect(messageOf(() => checkFeedIndex(page))).toContain('page web (« Connexion »)');
    const first = index.changes[0]!;
    const broken = {
      ...index,
      changes: [first, { ...index.changes[1]!, from: first.from }],
    };
    expect(messageOf(() => checkFeedIndex(encode(broken)))).toContain(
      '« changes-2-3.json » ne suit pas « changes-1-2.json »',
    );
    const otherSnapshot = { ...index, snapshot: { ...index.snapshot, sequence: 2 } };
    expect(messageOf(() => checkFeedIndex(encode(otherSnapshot)))).toContain(
      'son instantané est au curseur',
    );
  });
});
