import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Catalogue } from '../../shared/model';
import { runPasserelle, type CliRun } from '../helpers/run-passerelle';

const real = JSON.parse(
  readFileSync(resolve('resources/catalogue.json'), 'utf8'),
) as Catalogue;
// Two real records of resources/catalogue.json.
const SIRET_A = '13001667800026';
const SIRET_B = '19021522800015';

let root: string;

/** Runs the CLI with its user data in `dataDir`. */
function cli(dataDir: string, ...args: string[]): Promise<CliRun> {
  return runPasserelle(args, { dataDir });
}

function contentOf(path: string): {
  manifest: Record<string, unknown>;
  catalogue: Catalogue;
} {
  return JSON.parse(gunzipSync(readFileSync(path)).toString('utf8')) as {
    manifest: Record<string, unknown>;
    catalogue: Catalogue;
  };
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'passerelle-catalogue-cli-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('passerelle catalogue, publisher side then buyer side', () => {
  const publisherData = (): string => join(root, 'editeur');
  const buyerData = (): string => join(root, 'acheteur');
  const keys = (): string => join(root, 'cles');
  let keyId = '';

  it('keygen writes a private key only its owner reads, and a public key', async () => {
    const run = await cli(publisherData(), 'catalogue', 'keygen', '-o', keys());
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    keyId = /identifiant ([0-9a-f]{16})\./.exec(run.stdout)?.[1] ?? '';
    expect(keyId).not.toBe('');
    expect(readdirSync(keys()).sort()).toEqual([
      `cle-privee-${keyId}.pem`,
      `cle-publique-${keyId}.pem`,
    ]);
    expect(statSync(join(keys(), `cle-privee-${keyId}.pem`)).mode & 0o777).toBe(0o600);
  });

  it('export writes the embedded catalogue when there is no database yet, signed', async () => {
    const out = join(root, 'salle.passerelle');
    const run = await cli(
      publisherData(),
      'catalogue',
      'export',
      '-o',
      out,
      '--editeur',
      'Réseau Nord',
      '--cle',
      join(keys(), `cle-privee-${keyId}.pem`),
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const count = String(real.suppliers.length).replace(/\B(?=(\d{3})+$)/g, '\u202f');
    expect(run.stdout.trim()).toBe(
      `Fichier catalogue écrit : ${out} (${count} fournisseur(s), version ` +
        `${real.version}, signé par la clé ${keyId}).`,
    );
    const { manifest, catalogue } = contentOf(out);
    expect(manifest['publisher']).toBe('Réseau Nord');
    expect(catalogue.suppliers.map((s) => s.siret)).toEqual(
      real.suppliers.map((s) => s.siret),
    );
    // Export only reads: no database appears in the publisher's data folder.
    expect(existsSync(publisherData())).toBe(false);
  });

  it('export refuses to overwrite, a wrong extension, a missing -o', async () => {
    const out = join(root, 'salle.passerelle');
    const again = await cli(publisherData(), 'catalogue', 'export', '-o', out);
    expect(again.code).toBe(1);
    expect(again.stderr.trim()).toBe(
      'Le fichier « salle.passerelle » existe déjà : ajoutez --force pour le remplacer.',
    );
    const zip = await cli(
      publisherData(),
      'catalogue',
      'export',
      '-o',
      join(root, 'a.zip'),
    );
    expect(zip.stderr.trim()).toBe(
      `Le fichier catalogue « ${join(root, 'a.zip')} » doit porter l’extension .passerelle.`,
    );
    const none = await cli(publisherData(), 'catalogue', 'export');
    expect(none.stderr.trim()).toBe(
      'Indiquez le fichier à écrire avec -o <fichier.passerelle>.',
    );
  });

  it('a buyer requiring signatures refuses the file until they trust the key', async () => {
    const file = join(root, 'salle.passerelle');
    const required = await cli(buyerData(), 'catalogue', 'require-signature', 'oui');
    expect(required.code).toBe(0);
    const refused = await cli(buyerData(), 'catalogue', 'import', file);
    expect(refused.code).toBe(1);
    expect(refused.stderr.trim()).toBe(
      `Le fichier catalogue « salle.passerelle » est signé par la clé ${keyId} ` +
        '(éditeur annoncé : « Réseau Nord »), qui n’est pas parmi vos clés de ' +
        'confiance : rien n’a été importé. Ajoutez sa clé publique à vos clés de ' +
        'confiance si vous connaissez cet éditeur.',
    );
    expect(existsSync(join(buyerData(), 'passerelle.sqlite'))).toBe(false);

    const trust = await cli(
      buyerData(),
      'catalogue',
      'trust',
      join(keys(), `cle-publique-${keyId}.pem`),
      '--nom',
      'Réseau Nord',
    );
    expect(trust.stdout.trim()).toBe(
      `Clé ${keyId} (« Réseau Nord ») ajoutée à vos clés de confiance.`,
    );
    const list = await cli(buyerData(), 'catalogue', 'keys');
    const today = new Date().toLocaleDateString('fr-FR');
    expect(list.stdout.trim().split('\n')).toEqual([
      'Signature exigée à l’import d’un fichier catalogue : oui.',
      'Clés de confiance (1) :',
      `  - ${keyId} : Réseau Nord, ajoutée le ${today}`,
    ]);
  });

  it('import of the trusted file fills the buyer’s catalogue; export gives it back', async () => {
    const run = await cli(
      buyerData(),
      'catalogue',
      'import',
      join(root, 'salle.passerelle'),
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      `Catalogue importé depuis « salle.passerelle » (signature vérifiée de ` +
        `« Réseau Nord » (clé ${keyId}))`,
    );
    expect(existsSync(join(buyerData(), 'passerelle.sqlite'))).toBe(true);
    // In the sync log, as an import from the app's screen is.
    const log = await cli(buyerData(), 'catalogue', 'log');
    expect(log.stdout).toMatch(
      /\tFichier « salle\.passerelle »\tréussie\tFichier catalogue « salle\.passerelle » de « [^»]+ » importé : /u,
    );

    const back = join(root, 'retour.passerelle');
    const exported = await cli(buyerData(), 'catalogue', 'export', '-o', back);
    expect(exported.code).toBe(0);
    const { catalogue } = contentOf(back);
    expect(catalogue.suppliers.length).toBe(real.suppliers.length);
    const sirets = new Set(catalogue.suppliers.map((s) => s.siret));
    expect(sirets).toEqual(new Set(real.suppliers.map((s) => s.siret)));
    expect(sirets.has(SIRET_A) && sirets.has(SIRET_B)).toBe(true);
    // The same records came through two sources: each provenance is written once.
    const provenance = (c: Catalogue): string[][] =>
      c.suppliers
        .find((s) => s.siret === SIRET_A)!
        .sources.map((s) => [s.dataset, s.recordId]);
    expect(provenance(catalogue)).toEqual(provenance(real));
  });

  it('a damaged file is refused with the file named, the catalogue unchanged', async () => {
    const bytes = readFileSync(join(root, 'salle.passerelle'));
    const cut = join(root, 'coupe.passerelle');
    writeFileSync(cut, bytes.subarray(0, 1000));
    const before = readFileSync(join(buyerData(), 'passerelle.sqlite'));
    const run = await cli(buyerData(), 'catalogue', 'import', cut);
    expect(run.code).toBe(1);
    expect(run.stderr.trim()).toBe(
      'Le fichier catalogue « coupe.passerelle » est incomplet (tronqué après ' +
        '1\u202f000 octets) : copiez-le à nouveau depuis l’original. Rien n’a été importé.',
    );
    expect(readFileSync(join(buyerData(), 'passerelle.sqlite')).equals(before)).toBe(
      true,
    );
  });

  it('untrust and require-signature answer in French', async () => {
    const bad = await cli(buyerData(), 'catalogue', 'require-signature', 'peut-être');
    expect(bad.stderr.trim()).toBe('Répondez « oui » ou « non » (et non « peut-être »).');
    const unknown = await cli(buyerData(), 'catalogue', 'untrust', 'ffffffffffffffff');
    expect(unknown.stderr.trim()).toBe(
      'Aucune clé de confiance n’a l’identifiant « ffffffffffffffff ».',
    );
    const removed = await cli(buyerData(), 'catalogue', 'untrust', keyId);
    expect(removed.stdout.trim()).toBe(
      `Clé ${keyId} (« Réseau Nord ») retirée de vos clés de confiance.`,
    );
  });
});
