/**
 * A feed served over HTTPS on 127.0.0.1, synced from the command line.
 *
 * The server's certificate is self-signed (tests/fixtures/tls, made once
 * with `openssl req -x509 -newkey rsa:2048 -nodes -days 36500
 * -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1,DNS:localhost`),
 * as on a network whose proxy or servers use the organisation's own
 * authority. Trusted through NODE_EXTRA_CA_CERTS, the usual setting, the
 * sync goes through; not trusted, it is refused with a French message and
 * the local catalogue is kept.
 *
 * The feed is the real catalogue (resources/catalogue.json, 3 862
 * suppliers): every record has the SIRET (or the name and place) of an
 * embedded supplier, so 3 862 records are added and the catalogue still
 * counts 3 862 suppliers.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFeed } from '../../../main/services/feed/build-feed';
import { fetchToFile } from '../../../main/services/sync/fetch-to-file';
import { runPasserelle } from '../../helpers/run-passerelle';

const TLS = resolve('tests/fixtures/tls');
const CERTIFICATE = join(TLS, 'serveur-local.cert.pem');

let root: string;
let server: Server;
let base: string;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'passerelle-https-'));
  const feedDir = join(root, 'flux');
  await buildFeed({
    input: resolve('resources/catalogue.json'),
    outputDir: feedDir,
    title: 'Flux sécurisé',
  });
  server = createServer(
    {
      key: readFileSync(join(TLS, 'serveur-local.key.pem')),
      cert: readFileSync(CERTIFICATE),
    },
    (request, response) => {
      const name = (request.url ?? '/').replace(/^\/flux\//, '');
      if (!/^[\w.-]+\.json$/.test(name)) {
        response.writeHead(404).end();
        return;
      }
      try {
        const body = readFileSync(join(feedDir, name));
        response.writeHead(200, { 'Content-Type': 'application/json' }).end(body);
      } catch {
        response.writeHead(404).end();
      }
    },
  );
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  base = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
}, 60_000);

afterAll(async () => {
  await new Promise((done) => server.close(done));
  rmSync(root, { recursive: true, force: true });
});

/** `passerelle` with its own data folder, the server reached directly. */
function cli(dataDir: string, trust: boolean, ...args: string[]) {
  return runPasserelle(args, {
    dataDir: join(root, dataDir),
    env: {
      NODE_EXTRA_CA_CERTS: trust ? CERTIFICATE : undefined,
      NO_PROXY: '127.0.0.1,localhost',
      no_proxy: '127.0.0.1,localhost',
    },
  });
}

/** `catalogue add-source` of the HTTPS feed. */
function addFeedSource(dataDir: string, trust: boolean) {
  return cli(
    dataDir,
    trust,
    'catalogue',
    'add-source',
    'flux-https',
    '--flux',
    `${base}/flux/feed.json`,
    '--nom',
    'Flux sécurisé',
  );
}

describe('a feed over HTTPS', () => {
  it('syncs when the certificate is trusted through NODE_EXTRA_CA_CERTS', async () => {
    const added = await addFeedSource('trusted', true);
    expect(added.code).toBe(0);
    const sync = await cli('trusted', true, 'catalogue', 'sync');
    expect([sync.code, sync.stdout.trim()]).toEqual([
      0,
      '« Flux sécurisé » synchronisée : 3\u202f862 ajoutés, 0 modifié, 0 retiré. ' +
        'Le catalogue compte 3\u202f862 fournisseurs.',
    ]);
  }, 60_000);

  it('refuses an unknown certificate in French and keeps the catalogue', async () => {
    await addFeedSource('untrusted', false);
    const sync = await cli('untrusted', false, 'catalogue', 'sync');
    expect(sync.code).not.toBe(0);
    expect(sync.stdout + sync.stderr).toContain(
      'certificat de sécurité du serveur non valide',
    );
    const sources = await cli('untrusted', false, 'catalogue', 'sources');
    expect(sources.stdout).toMatch(
      /flux-https\tFlux Passerelle\t« Flux sécurisé »\t0 fiche\(s\)/u,
    );
  }, 60_000);

  it('does not retry a refused certificate: it would be refused again', async () => {
    const started = performance.now();
    // With retries, the first wait alone would outlast the test.
    await expect(
      fetchToFile({
        url: `${base}/flux/feed.json`,
        tempDir: root,
        retries: 2,
        backoffMs: 60_000,
        timeoutMs: 5_000,
      }),
    ).rejects.toThrow(
      `Impossible de joindre ${base}/flux/feed.json : certificat de sécurité du serveur non valide`,
    );
    expect(performance.now() - started).toBeLessThan(5_000);
  });
});
