import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  fetchJson,
  fetchToFile,
  type FetchRequest,
} from '../../main/services/sync/fetch-to-file';
import { FetchError } from '../../main/services/sync/http-errors';
import {
  failing,
  startMisbehavingServer,
  type MisbehavingServer,
} from '../helpers/misbehaving-server';
import { startRecordingProxy } from '../helpers/recording-proxy';

// The real catalogue (4 367 949 bytes) and its first 2 400 000 bytes, so that
// "half" is 1 200 000 bytes: « 1,2 Mo sur 2,4 Mo ».
const catalogue = readFileSync(resolve('resources/catalogue.json'));
const part = catalogue.subarray(0, 2_400_000);
const PROXY_VARIABLES = ['http_proxy', 'HTTP_PROXY', 'https_proxy', 'HTTPS_PROXY'];
const NO_PROXY_VARIABLES = ['no_proxy', 'NO_PROXY'];
const savedEnv = new Map<string, string | undefined>();

let server: MisbehavingServer;
let tempDir: string;

beforeAll(async () => {
  for (const name of [...PROXY_VARIABLES, ...NO_PROXY_VARIABLES]) {
    savedEnv.set(name, process.env[name]);
  }
  // Whatever proxy this machine uses, the test server on 127.0.0.1 is reached directly.
  setProxy({ proxy: undefined, noProxy: '127.0.0.1,localhost' });
  server = await startMisbehavingServer();
});

afterAll(async () => {
  await server.close();
  for (const [name, value] of savedEnv) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

beforeEach(() => {
  tempDir = mkdtempSync(join(tmpdir(), 'passerelle-fetch-'));
  server.reset();
});

afterEach(() => rmSync(tempDir, { recursive: true, force: true }));

function setProxy({ proxy, noProxy }: { proxy?: string; noProxy: string }): void {
  for (const name of PROXY_VARIABLES) {
    if (proxy === undefined) delete process.env[name];
    else process.env[name] = proxy;
  }
  for (const name of NO_PROXY_VARIABLES) process.env[name] = noProxy;
}

function fetch(path: string, options: Partial<FetchRequest> = {}) {
  return fetchToFile({ url: server.url(path), tempDir, retries: 0, ...options });
}

/** The message of the FetchError `promise` rejects with. */
async function failureOf(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => new Error('the download was expected to fail'),
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(FetchError);
  return (error as FetchError).message;
}

describe('fetchToFile: a good answer', () => {
  it('writes the whole body to a new file in tempDir and reports its validators', async () => {
    server.route('/catalogue.json', {
      kind: 'serve',
      body: catalogue,
      etag: '"v1"',
      lastModified: 'Fri, 04 Dec 2026 10:00:00 GMT',
    });
    const progress: Array<[number, number | null]> = [];

    const result = await fetch('/catalogue.json', {
      onProgress: (bytes, total) => progress.push([bytes, total]),
    });

    expect(result.status).toBe('ok');
    if (result.status !== 'ok') return;
    expect(readFileSync(result.file).equals(catalogue)).toBe(true);
    expect(result.bytes).toBe(4_367_949);
    expect(result.etag).toBe('"v1"');
    expect(result.lastModified).toBe('Fri, 04 Dec 2026 10:00:00 GMT');
    expect(result.contentType).toBe('application/json');
    expect(result.url).toBe(server.url('/catalogue.json'));
    expect(readdirSync(tempDir)).toEqual([result.file.slice(tempDir.length + 1)]);
    expect(progress[0]).toEqual([0, 4_367_949]);
    expect(progress.at(-1)).toEqual([4_367_949, 4_367_949]);
    const sizes = progress.map(([bytes]) => bytes);
    expect(sizes).toEqual([...sizes].sort((a, b) => a - b));

    const [sent] = server.requests('/catalogue.json');
    expect(sent?.headers['accept-encoding']).toBe('gzip');
    expect(sent?.headers['user-agent']).toBe('Passerelle');
    expect(sent?.headers['if-none-match']).toBeUndefined();
  });

  it('undoes gzip while streaming and reports the decoded size', async () => {
    server.route('/catalogue.json', { kind: 'serve', body: catalogue, gzip: true });
    const compressed = gzipSync(catalogue).length;
    expect(compressed).toBeLessThan(catalogue.length / 4);
    let last: [number, number | null] = [0, 0];

    const result = await fetch('/catalogue.json', {
      onProgress: (bytes, total) => (last = [bytes, total]),
    });

    if (result.status !== 'ok') throw new Error('expected a download');
    expect(result.bytes).toBe(4_367_949);
    expect(readFileSync(result.file).equals(catalogue)).toBe(true);
    expect(result.headers['content-encoding']).toBe('gzip');
    // Content-Length counts compressed bytes: no total to show against decoded ones.
    expect(last).toEqual([4_367_949, null]);
  });

  it('gives every download its own file in the same folder', async () => {
    server.route('/a.json', { kind: 'serve', body: '{"a":1}' });
    server.route('/b.json', { kind: 'serve', body: '{"b":2}', chunked: true });

    const [a, b] = await Promise.all([fetch('/a.json'), fetch('/b.json')]);

    if (a.status !== 'ok' || b.status !== 'ok') throw new Error('expected downloads');
    expect(a.file).not.toBe(b.file);
    expect(readFileSync(a.file, 'utf8')).toBe('{"a":1}');
    expect(readFileSync(b.file, 'utf8')).toBe('{"b":2}');
    expect(readdirSync(tempDir)).toHaveLength(2);
  });

  it('keeps what the server says the content is, HTML or plain text', async () => {
    server.route('/login', { kind: 'login-page' });
    server.route('/plain', { kind: 'serve', body: '{}', contentType: 'text/plain' });

    const login = await fetch('/login');
    const plain = await fetch('/plain');

    // Refusing them is the payload check's job; the fetcher reports the type.
    expect(login.status === 'ok' && login.contentType).toBe('text/html; charset=utf-8');
    expect(plain.status === 'ok' && plain.contentType).toBe('text/plain');
  });
});

describe('fetchToFile: conditional requests', () => {
  const route = {
    kind: 'serve',
    body: '{"cursor":"3-abc"}',
    etag: '"v3"',
    lastModified: 'Fri, 04 Dec 2026 10:00:00 GMT',
  } as const;

  it('sends If-None-Match and answers not-modified on 304, leaving no file', async () => {
    server.route('/feed.json', route);

    const result = await fetch('/feed.json', { etag: '"v3"' });

    expect(result).toEqual({ status: 'not-modified' });
    expect(server.requests('/feed.json')[0]?.headers['if-none-match']).toBe('"v3"');
    expect(readdirSync(tempDir)).toEqual([]);
  });

  it('sends If-Modified-Since when there is no ETag', async () => {
    server.route('/feed.json', route);

    const result = await fetch('/feed.json', {
      lastModified: 'Sat, 05 Dec 2026 08:00:00 GMT',
    });

    expect(result).toEqual({ status: 'not-modified' });
    expect(server.requests('/feed.json')[0]?.headers['if-modified-since']).toBe(
      'Sat, 05 Dec 2026 08:00:00 GMT',
    );
  });

  it('downloads again when the ETag held is not the current one', async () => {
    server.route('/feed.json', route);

    const result = await fetch('/feed.json', { etag: '"v2"' });

    expect(result.status === 'ok' && result.etag).toBe('"v3"');
    expect(result.status === 'ok' && readFileSync(result.file, 'utf8')).toBe(
      '{"cursor":"3-abc"}',
    );
  });
});

describe('fetchToFile: retries', () => {
  it('retries a 500 with a doubling wait, then succeeds', async () => {
    server.route('/feed.json', failing(2, { kind: 'serve', body: '{"ok":true}' }));

    const result = await fetch('/feed.json', { retries: 3, backoffMs: 40 });

    expect(result.status).toBe('ok');
    const times = server.requests('/feed.json').map((r) => r.at);
    expect(times).toHaveLength(3);
    expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(40 - 2);
    expect(times[2]! - times[1]!).toBeGreaterThanOrEqual(80 - 2);
    expect(readdirSync(tempDir)).toHaveLength(1);
  });

  it('gives up after the retries with the status named, and leaves no file', async () => {
    server.route('/feed.json', { kind: 'status', status: 500 });

    const message = await failureOf(fetch('/feed.json', { retries: 2, backoffMs: 5 }));

    expect(message).toBe(
      `Le serveur a répondu 500 (erreur interne du serveur) pour ` +
        `${server.url('/feed.json')} (3 tentatives).`,
    );
    expect(server.requests('/feed.json')).toHaveLength(3);
    expect(readdirSync(tempDir)).toEqual([]);
  });

  it('retries 429 but not 404', async () => {
    server.route('/busy', failing(1, { kind: 'serve', body: '{}' }, 429));
    server.route('/gone', { kind: 'status', status: 404 });

    const busy = await fetch('/busy', { retries: 3, backoffMs: 5 });
    const message = await failureOf(fetch('/gone', { retries: 3, backoffMs: 5 }));

    expect(busy.status).toBe('ok');
    expect(server.requests('/busy')).toHaveLength(2);
    expect(message).toBe(
      `Le serveur a répondu 404 (fichier introuvable) pour ${server.url('/gone')}.`,
    );
    expect(server.requests('/gone')).toHaveLength(1);
  });

  it('waits as long as Retry-After asks when that is longer than the backoff', async () => {
    server.route('/busy', {
      kind: 'sequence',
      steps: [
        { kind: 'status', status: 503, headers: { 'retry-after': '1' } },
        { kind: 'serve', body: '{}' },
      ],
    });

    await fetch('/busy', { retries: 1, backoffMs: 5 });

    const [first, second] = server.requests('/busy').map((r) => r.at);
    expect(second! - first!).toBeGreaterThanOrEqual(1000 - 2);
  });
});

describe('fetchToFile: broken downloads', () => {
  it('refuses a body shorter than its Content-Length, and leaves no file', async () => {
    server.route('/snapshot.json', { kind: 'truncate', body: part });

    const message = await failureOf(fetch('/snapshot.json'));

    // The server sends 1,2 Mo then drops the connection; what was still
    // buffered when the connection failed is not counted, so the client may
    // report less (« 576,4 ko »), never more.
    const match =
      /^Connexion interrompue après (\d+(?:,\d)?) (ko|Mo) sur 2,4 Mo attendus en téléchargeant (.+)\.$/.exec(
        message,
      );
    expect(match?.[3]).toBe(server.url('/snapshot.json'));
    const received =
      Number(match?.[1]?.replace(',', '.')) * (match?.[2] === 'ko' ? 0.001 : 1);
    expect(received).toBeGreaterThan(0);
    expect(received).toBeLessThanOrEqual(1.2);
    expect(readdirSync(tempDir)).toEqual([]);
  });

  it('retries a cut download and succeeds when the next one is whole', async () => {
    server.route('/snapshot.json', {
      kind: 'sequence',
      steps: [
        { kind: 'truncate', body: part, gzip: true },
        { kind: 'serve', body: part, gzip: true },
      ],
    });

    const result = await fetch('/snapshot.json', { retries: 2, backoffMs: 5 });

    expect(result.status === 'ok' && result.bytes).toBe(2_400_000);
    expect(server.requests('/snapshot.json')).toHaveLength(2);
    expect(readdirSync(tempDir)).toHaveLength(1);
  });

  it('says « Délai dépassé » when bytes stop coming, and leaves no file', async () => {
    server.route('/slow.json', { kind: 'slow', body: '{"a":1}', byteEveryMs: 400 });

    const message = await failureOf(fetch('/slow.json', { timeoutMs: 100 }));

    expect(message).toBe(
      `Délai dépassé : ${server.url('/slow.json')} n’a rien envoyé pendant 0,1 s.`,
    );
    expect(readdirSync(tempDir)).toEqual([]);
  });

  it('counts the timeout between bytes, not for the whole download', async () => {
    const body = '{"name":"Les Jardins de Cocagne"}'; // 33 bytes, ~330 ms in all
    server.route('/slow.json', { kind: 'slow', body, byteEveryMs: 10 });

    const result = await fetch('/slow.json', { timeoutMs: 200 });

    expect(result.status === 'ok' && readFileSync(result.file, 'utf8')).toBe(body);
  });

  it('times out a server that never answers, retrying first', async () => {
    server.route('/hang', { kind: 'hang' });

    const message = await failureOf(
      fetch('/hang', { timeoutMs: 100, retries: 1, backoffMs: 5 }),
    );

    expect(message).toBe(
      `Délai dépassé : ${server.url('/hang')} n’a rien envoyé pendant 0,1 s (2 tentatives).`,
    );
    expect(server.requests('/hang')).toHaveLength(2);
  });

  it('names a refused connection', async () => {
    const closed = await startMisbehavingServer();
    const url = closed.url('/feed.json');
    await closed.close();

    const message = await failureOf(fetchToFile({ url, tempDir, retries: 0 }));

    expect(message).toBe(`Impossible de joindre ${url} : connexion refusée.`);
    expect(readdirSync(tempDir)).toEqual([]);
  });

  it('refuses a gzip body that does not decompress', async () => {
    const notGzip = Buffer.from('{"pas":"compressé"}');
    server.route('/bad-gzip', {
      kind: 'serve',
      body: notGzip,
      headers: { 'content-encoding': 'gzip' },
    });

    const message = await failureOf(fetch('/bad-gzip'));

    expect(message).toBe(
      `La réponse de ${server.url('/bad-gzip')} est inutilisable : ` +
        'compression gzip illisible.',
    );
    expect(readdirSync(tempDir)).toEqual([]);
  });

  it('refuses an address that is not a web one, without any request', async () => {
    const message = await failureOf(
      fetchToFile({ url: 'ftp://exemple/feed.json', tempDir }),
    );

    expect(message).toBe(
      'Adresse non valide : « ftp://exemple/feed.json » ' +
        '(une adresse web commence par http:// ou https://).',
    );
  });

  it('says when the temporary folder cannot be written', async () => {
    const blocker = join(tempDir, 'un-fichier');
    writeFileSync(blocker, '');
    server.route('/feed.json', { kind: 'serve', body: '{}' });

    const message = await failureOf(
      fetchToFile({
        url: server.url('/feed.json'),
        tempDir: join(blocker, 'sous-dossier'),
      }),
    );

    expect(message).toBe(
      `Impossible d’écrire le téléchargement de ${server.url('/feed.json')} dans le ` +
        `dossier « ${join(blocker, 'sous-dossier')} » : ce n’est pas un dossier.`,
    );
  });
});

describe('fetchToFile: cancel', () => {
  it('stops mid-download, says so, and removes the temporary file', async () => {
    server.route('/slow.json', {
      kind: 'slow',
      body: part.subarray(0, 500),
      byteEveryMs: 5,
    });
    const controller = new AbortController();
    let received = 0;

    const message = await failureOf(
      fetch('/slow.json', {
        signal: controller.signal,
        onProgress: (bytes) => {
          received = bytes;
          if (bytes >= 20) controller.abort();
        },
      }),
    );

    expect(message).toBe('Synchronisation annulée.');
    expect(received).toBeGreaterThanOrEqual(20);
    expect(received).toBeLessThan(500);
    expect(readdirSync(tempDir)).toEqual([]);
  });

  it('stops during the wait before a retry', async () => {
    server.route('/feed.json', { kind: 'status', status: 503 });
    const controller = new AbortController();
    const started = performance.now();
    setTimeout(() => controller.abort(), 100);

    const message = await failureOf(
      fetch('/feed.json', { signal: controller.signal, retries: 3, backoffMs: 10_000 }),
    );

    expect(message).toBe('Synchronisation annulée.');
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(server.requests('/feed.json')).toHaveLength(1);
  });

  it('sends nothing when cancelled before it starts', async () => {
    server.route('/feed.json', { kind: 'serve', body: '{}' });

    const message = await failureOf(fetch('/feed.json', { signal: AbortSignal.abort() }));

    expect(message).toBe('Synchronisation annulée.');
    expect(server.requests()).toEqual([]);
  });
});

describe('fetchToFile: redirects', () => {
  it('follows a redirect and reports the final address', async () => {
    server.route('/old/feed.json', {
      kind: 'redirect',
      location: '/feed.json',
      status: 301,
    });
    server.route('/feed.json', { kind: 'serve', body: '{}' });

    const result = await fetch('/old/feed.json');

    expect(result.status === 'ok' && result.url).toBe(server.url('/feed.json'));
  });

  it('does not carry the Authorization header to another server', async () => {
    const other = await startMisbehavingServer();
    try {
      other.route('/siaes', { kind: 'serve', body: '[]' });
      server.route('/api/siaes', { kind: 'redirect', location: other.url('/siaes') });

      await fetch('/api/siaes', { headers: { Authorization: 'Token secret' } });

      expect(server.requests('/api/siaes')[0]?.headers.authorization).toBe(
        'Token secret',
      );
      expect(other.requests('/siaes')).toHaveLength(1);
      expect(other.requests('/siaes')[0]?.headers.authorization).toBeUndefined();
    } finally {
      await other.close();
    }
  });
});

describe('fetchToFile: proxy from the environment', () => {
  afterEach(() => setProxy({ proxy: undefined, noProxy: '127.0.0.1,localhost' }));

  it('goes through HTTP_PROXY, and around it for hosts in NO_PROXY', async () => {
    const proxy = await startRecordingProxy();
    try {
      server.route('/feed.json', { kind: 'serve', body: '{"via":"proxy"}' });

      setProxy({ proxy: proxy.origin, noProxy: '' });
      const proxied = await fetch('/feed.json');
      setProxy({ proxy: proxy.origin, noProxy: '127.0.0.1' });
      const direct = await fetch('/feed.json');

      expect(proxied.status === 'ok' && readFileSync(proxied.file, 'utf8')).toBe(
        '{"via":"proxy"}',
      );
      expect(direct.status).toBe('ok');
      expect(proxy.targets).toEqual([`127.0.0.1:${server.port}`]);
      expect(server.requests('/feed.json')).toHaveLength(2);
    } finally {
      await proxy.close();
    }
  });

  it('says when the proxy refuses', async () => {
    const proxy = await startRecordingProxy({ refuseWith: 407 });
    try {
      server.route('/feed.json', { kind: 'serve', body: '{}' });
      setProxy({ proxy: proxy.origin, noProxy: '' });

      const message = await failureOf(fetch('/feed.json'));

      expect(message).toBe(
        `Impossible de joindre ${server.url('/feed.json')} : ` +
          'le proxy a refusé la connexion (réponse 407).',
      );
      expect(server.requests()).toEqual([]);
    } finally {
      await proxy.close();
    }
  });
});

describe('fetchJson', () => {
  it('parses the answer and keeps the headers', async () => {
    server.route('/api/elements.json', {
      kind: 'serve',
      body: '\uFEFF{"data":[{"id":"a1","name":"Recyclerie du Pévèle"}]}',
      gzip: true,
      headers: { link: '</api/elements.json?page=2>; rel="next"' },
    });

    const result = await fetchJson({ url: server.url('/api/elements.json'), retries: 0 });

    if (result.status !== 'ok') throw new Error('expected an answer');
    expect(result.json).toEqual({ data: [{ id: 'a1', name: 'Recyclerie du Pévèle' }] });
    expect(result.headers.link).toBe('</api/elements.json?page=2>; rel="next"');
    expect(server.requests()[0]?.headers.accept).toBe('application/json');
  });

  it('refuses an HTML login page served with 200', async () => {
    server.route('/api/siaes', { kind: 'login-page' });

    const message = await failureOf(
      fetchJson({ url: server.url('/api/siaes'), retries: 2, backoffMs: 5 }),
    );

    expect(message).toBe(
      `La réponse de ${server.url('/api/siaes')} est inutilisable : c’est une page web ` +
        'et non des données JSON (adresse fausse, ou le serveur demande de se connecter).',
    );
    expect(server.requests()).toHaveLength(1);
  });

  it('refuses what is not JSON, and what is larger than allowed', async () => {
    server.route('/broken', { kind: 'serve', body: '{"count": 12,' });
    server.route('/big', { kind: 'serve', body: part.subarray(0, 3_000) });

    const broken = await failureOf(fetchJson({ url: server.url('/broken') }));
    const big = await failureOf(fetchJson({ url: server.url('/big'), maxBytes: 2_500 }));

    expect(broken).toBe(
      `La réponse de ${server.url('/broken')} est inutilisable : ` +
        'ce n’est pas du JSON valide.',
    );
    expect(big).toBe(
      `La réponse de ${server.url('/big')} est inutilisable : elle dépasse 2,5 ko.`,
    );
  });

  it('answers not-modified on 304', async () => {
    server.route('/api/elements.json', { kind: 'serve', body: '[]', etag: 'W/"7"' });

    const result = await fetchJson({
      url: server.url('/api/elements.json'),
      etag: 'W/"7"',
    });

    expect(result).toEqual({ status: 'not-modified' });
  });
});

describe('a server that closes the connection while the body waits to be written', () => {
  it('downloads it whole instead of crashing the process (undici issue 5360)', async () => {
    // undici 7 asserts, from the socket's « end » event, that its parser is
    // not paused; it paused whenever the body waited for the disk. A server
    // that sends the body and closes at once killed the process in about
    // four downloads out of ten of this size, before the fix.
    const { createServer } = await import('node:net');
    const body = Buffer.alloc(6_000_000, 0x61);
    const raw = createServer((socket) => {
      socket.once('data', () => {
        socket.write(
          'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n' +
            `Content-Length: ${body.length}\r\nConnection: close\r\n\r\n`,
        );
        socket.end(body);
      });
    });
    await new Promise<void>((done) => raw.listen(0, '127.0.0.1', done));
    const { port } = raw.address() as import('node:net').AddressInfo;
    try {
      for (let run = 0; run < 12; run += 1) {
        const result = await fetchToFile({
          url: `http://127.0.0.1:${port}/flux-${run}.json`,
          tempDir,
          retries: 0,
        });
        expect(result.status).toBe('ok');
        if (result.status !== 'ok') return;
        expect(result.bytes).toBe(body.length);
        expect(readFileSync(result.file).equals(body)).toBe(true);
        rmSync(result.file);
      }
    } finally {
      await new Promise<void>((done) => raw.close(() => done()));
    }
  });
});
