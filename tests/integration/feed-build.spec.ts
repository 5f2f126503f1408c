import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  FeedChanges,
  FeedFileRef,
  FeedIndex,
  FeedSnapshot,
} from '../../shared/feed/feed-format';
import type { Catalogue } from '../../shared/model';
import {
  readIndex,
  realCatalogue,
  sha256,
  tempDir,
  writeJson,
} from '../unit/feed/feed-fixtures';
import { runPasserelle, type CliRun } from '../helpers/run-passerelle';

let dir: string;
let feedDir: string;
let catalogue: Catalogue;

function cli(...args: string[]): Promise<CliRun> {
  return runPasserelle(args);
}

/** The published schemas, compiled here with ajv alone. */
function schemaValidator(): (data: unknown) => boolean {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  ajv.addSchema(
    JSON.parse(readFileSync(resolve('resources/catalogue.schema.json'), 'utf8')),
  );
  const feed = JSON.parse(
    readFileSync(resolve('resources/feed.schema.json'), 'utf8'),
  ) as object;
  const validate = ajv.compile(feed);
  return (data) => {
    const valid = validate(data);
    if (!valid) console.error(validate.errors?.slice(0, 3));
    return valid;
  };
}

/** The file named by `ref`, checked against its ref with an independent hash. */
function readChecked<T>(ref: FeedFileRef): T {
  const bytes = readFileSync(join(feedDir, ref.path));
  expect(bytes.length).toBe(ref.bytes);
  expect(sha256(bytes)).toBe(ref.sha256);
  return JSON.parse(bytes.toString('utf8')) as T;
}

/** `<sequence>-<first 12 hex of SHA-256 of JSON.stringify({datasets, sectors, suppliers})>` (docs/feed.md). */
function expectedCursor(snapshot: FeedSnapshot): string {
  const { datasets, sectors, suppliers } = snapshot;
  const hash = sha256(JSON.stringify({ datasets, sectors, suppliers }));
  return `${snapshot.sequence}-${hash.slice(0, 12)}`;
}

beforeAll(() => {
  dir = tempDir('feed-build');
  feedDir = join(dir, 'flux');
  catalogue = realCatalogue();
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('passerelle feed build', () => {
  const removedIds: string[] = [];
  const changedIds: string[] = [];
  let first: FeedIndex;

  it('publishes the real catalogue as snapshot n° 1', async () => {
    const run = await cli(
      'feed',
      'build',
      'resources/catalogue.json',
      '-o',
      feedDir,
      '--titre',
      'Flux national',
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    first = readIndex(feedDir);
    expect(schemaValidator()(first)).toBe(true);
    expect(first).toMatchObject({ title: 'Flux national', sequence: 1, changes: [] });
    expect(first.supplierCount).toBe(catalogue.suppliers.length);
    const snapshot = readChecked<FeedSnapshot>(first.snapshot);
    expect(schemaValidator()(snapshot)).toBe(true);
    expect(snapshot.suppliers.map((s) => s.id)).toEqual(
      catalogue.suppliers.map((s) => s.id),
    );
    expect(first.cursor).toMatch(/^1-[0-9a-f]{12}$/);
    expect(first.cursor).toBe(expectedCursor(snapshot));
    expect(snapshot.cursor).toBe(first.cursor);
    expect(run.stdout).toContain(`n° 1, curseur ${first.cursor}`);
  });

  it('publishes 3 removals and 2 changes as change set 1 → 2', async () => {
    const suppliers = catalogue.suppliers.slice();
    for (const at of [3000, 500, 10]) removedIds.push(suppliers.splice(at, 1)[0]!.id);
    const renamed = suppliers[100]!;
    suppliers[100] = { ...renamed, name: `${renamed.name} (nouveau nom)` };
    const moved = suppliers[2000]!;
    suppliers[2000] = {
      ...moved,
      location: { lat: moved.location.lat + 0.01, lon: moved.location.lon },
    };
    changedIds.push(renamed.id, moved.id);
    const input = writeJson(dir, 'catalogue-modifie.json', { ...catalogue, suppliers });

    const run = await cli('feed', 'build', input, '-o', feedDir);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('0 ajouté(s), 2 modifié(s), 3 supprimé(s)');
    const index = readIndex(feedDir);
    const validate = schemaValidator();
    expect(validate(index)).toBe(true);
    expect(index).toMatchObject({ title: 'Flux national', sequence: 2 });
    expect(index.supplierCount).toBe(catalogue.suppliers.length - 3);
    expect(index.changes).toHaveLength(1);
    const ref = index.changes[0]!;
    expect(ref).toMatchObject({
      path: 'changes-1-2.json',
      from: first.cursor,
      sequence: 2,
    });
    expect(ref.cursor).toBe(index.cursor);

    const changes = readChecked<FeedChanges>(ref);
    expect(validate(changes)).toBe(true);
    expect(changes.upserts.map((s) => s.id).sort()).toEqual([...changedIds].sort());
    expect(changes.removals).toEqual([...removedIds].sort());
    expect(changes.upserts.find((s) => s.id === renamed.id)?.name).toBe(
      `${renamed.name} (nouveau nom)`,
    );
    expect(changes).toMatchObject({
      from: first.cursor,
      cursor: index.cursor,
      sequence: 2,
    });
    expect(changes.supplierCount).toBe(catalogue.suppliers.length - 3);

    const snapshot = readChecked<FeedSnapshot>(index.snapshot);
    expect(validate(snapshot)).toBe(true);
    expect(index.snapshot.path).toBe('snapshot-2.json');
    expect(index.cursor).toBe(expectedCursor(snapshot));
    expect(snapshot.suppliers.map((s) => s.id)).not.toContain(removedIds[0]);
    // The previous snapshot stays for clients that read the previous index.
    expect(existsSync(join(feedDir, 'snapshot-1.json'))).toBe(true);
  });

  it('writes nothing when the content has not changed', async () => {
    const before = statSync(join(feedDir, 'feed.json')).mtimeMs;
    const run = await cli(
      'feed',
      'build',
      join(dir, 'catalogue-modifie.json'),
      '-o',
      feedDir,
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('aucun nouvel instantané n’est publié');
    expect(statSync(join(feedDir, 'feed.json')).mtimeMs).toBe(before);
    expect(readIndex(feedDir).sequence).toBe(2);

    const cursor = readIndex(feedDir).cursor;
    const renamed = await cli(
      'feed',
      'build',
      join(dir, 'catalogue-modifie.json'),
      '-o',
      feedDir,
      '--titre',
      'Flux régional',
    );
    expect(renamed.code).toBe(0);
    expect(readIndex(feedDir)).toMatchObject({
      title: 'Flux régional',
      sequence: 2,
      cursor,
    });
    expect(existsSync(join(feedDir, 'snapshot-3.json'))).toBe(false);
  });

  it('refuses to extend a damaged feed, in French, and leaves it as it was', async () => {
    const snapshotPath = join(feedDir, 'snapshot-2.json');
    const bytes = readFileSync(snapshotPath);
    writeFileSync(snapshotPath, bytes.subarray(0, bytes.length >> 1));
    const run = await cli('feed', 'build', 'resources/catalogue.json', '-o', feedDir);
    writeFileSync(snapshotPath, bytes);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('contient un flux endommagé');
    expect(run.stderr).toContain('est incomplet');
    expect(readIndex(feedDir).sequence).toBe(2);
  });

  it('refuses to start again at n° 1 in a folder whose index is gone', async () => {
    const indexPath = join(feedDir, 'feed.json');
    const index = readFileSync(indexPath);
    rmSync(indexPath);
    const run = await cli('feed', 'build', 'resources/catalogue.json', '-o', feedDir);
    writeFileSync(indexPath, index);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      `contient déjà un flux publié (« changes-1-2.json ») mais plus son index « feed.json »`,
    );
    expect(existsSync(join(feedDir, 'snapshot-3.json'))).toBe(false);
  });
});

describe('passerelle feed build on bad input', () => {
  it('exits 1 with a French message', async () => {
    const out = join(dir, 'mauvais');
    const cases: [string[], string][] = [
      [
        ['feed', 'build', 'resources/catalogue.json'],
        'Indiquez le dossier où écrire le flux avec -o <dossier>.',
      ],
      [
        ['feed', 'build', join(dir, 'absent.csv'), '-o', out],
        `Le fichier « ${join(dir, 'absent.csv')} » est introuvable.`,
      ],
      [
        ['feed', 'build', 'README.md', '-o', out],
        'Le fichier « README.md » n’est pas pris en charge',
      ],
    ];
    // An existing file given as the output folder (a slip for -o flux.json).
    writeFileSync(join(dir, 'un-fichier.json'), '{}');
    cases.push([
      ['feed', 'build', 'resources/catalogue.json', '-o', join(dir, 'un-fichier.json')],
      `« ${join(dir, 'un-fichier.json')} » est un fichier, pas un dossier : donnez un ` +
        'dossier avec -o.',
    ]);
    writeFileSync(
      join(dir, 'casse.json'),
      '{"format": "passerelle-catalogue", "suppliers": [',
    );
    cases.push([
      ['feed', 'build', join(dir, 'casse.json'), '-o', out],
      'Le fichier « casse.json » n’est pas un JSON valide (ligne 1, colonne ',
    ]);
    writeFileSync(
      join(dir, 'vide.csv'),
      'Raison sociale;Type de structure;SIRET\nAtelier;EI;12345678901234\n',
    );
    cases.push([
      ['feed', 'build', join(dir, 'vide.csv'), '-o', out],
      'Aucun fournisseur valide dans',
    ]);
    for (const [args, message] of cases) {
      const run = await cli(...args);
      expect(run.code, args.join(' ')).toBe(1);
      expect(run.stderr).toContain(message);
    }
    const last = await cli('feed', 'build', join(dir, 'vide.csv'), '-o', out);
    expect(last.stderr).toContain(
      'vide.csv, ligne 2, colonne « SIRET », valeur « 12345678901234 »',
    );
    expect(existsSync(join(out, 'feed.json'))).toBe(false);
  });
});

describe('passerelle feed build with contacts', () => {
  it('publishes e-mails and telephones; a wrong e-mail is a warning, its supplier published', async () => {
    const input = join(dir, 'contacts.csv');
    const lines = [
      ['Raison sociale', 'Type de structure', 'Code INSEE', 'Courriel', 'Téléphone'],
      ['Régie A', 'EI', '62413', 'contact@regie-a.example.org', '+33 3 21 00 00 00'],
      ['Régie B', 'EI', '62413', 'regie-b.example.org', ''],
    ].map((cells) => cells.join(';'));
    writeFileSync(input, `${lines.join('\n')}\n`);
    const out = join(dir, 'flux-contacts');
    const run = await cli('feed', 'build', input, '-o', out);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(
      'contacts.csv, ligne 3, colonne « Courriel », valeur « regie-b.example.org » : ' +
        'courriel ignoré : ce n’est pas une adresse électronique (ex. contact@exemple.fr)',
    );
    // Only errors leave a supplier out: no « écarté(s) » line for a warning.
    expect(run.stdout).not.toContain('écarté');
    const index = JSON.parse(readFileSync(join(out, 'feed.json'), 'utf8')) as FeedIndex;
    const snapshot = JSON.parse(
      readFileSync(join(out, index.snapshot.path), 'utf8'),
    ) as FeedSnapshot;
    expect(schemaValidator()(snapshot)).toBe(true);
    // Rows 2 and 3 without SIRET nor identifier: ids ligne-2 and ligne-3.
    expect(snapshot.suppliers.map((s) => [s.id, s.email, s.phone])).toEqual([
      ['ligne-2', 'contact@regie-a.example.org', '03 21 00 00 00'],
      ['ligne-3', undefined, undefined],
    ]);
  });
});
