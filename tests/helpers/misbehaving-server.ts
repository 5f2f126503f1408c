/**
 * A real HTTP server on 127.0.0.1 (port chosen by the system) for the sync
 * tests: each path behaves as the test says, well or badly on purpose.
 *
 *   const server = await startMisbehavingServer();
 *   server.route('/feed.json', { kind: 'serve', body: feedJson, gzip: true, etag: '"v1"' });
 *   server.route('/snapshot-2.json', failing(2, { kind: 'serve', body: snapshot }));
 *   await fetchToFile({ url: server.url('/feed.json'), tempDir });
 *   expect(server.requests('/feed.json')).toHaveLength(1);
 *   await server.close();
 *
 * A route matches the request's path with its query first, then without it;
 * any other path answers 404. Every request is recorded (method, path with
 * query, headers, time), also those that got 404.
 *
 * fetchToFile honours HTTP_PROXY: a spec that downloads from this server sets
 * NO_PROXY=127.0.0.1 (as tests/integration/fetch-to-file.spec.ts does) so that
 * a proxy configured on the machine is not asked to reach it.
 */
import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';

export type Behaviour =
  /**
   * 200 with the body and a Content-Length (none when `chunked`). `gzip`
   * compresses when the request accepts gzip. With `etag` / `lastModified`,
   * a matching If-None-Match (or, without it, If-Modified-Since) gets 304.
   */
  | {
      kind: 'serve';
      body: string | Buffer;
      contentType?: string;
      gzip?: boolean;
      etag?: string;
      lastModified?: string;
      chunked?: boolean;
      headers?: Record<string, string>;
    }
  /** Promises the whole body in Content-Length, sends `fraction` of it (½), drops the connection. */
  | {
      kind: 'truncate';
      body: string | Buffer;
      contentType?: string;
      gzip?: boolean;
      fraction?: number;
    }
  /** That status, with an optional body and headers (e.g. Retry-After). */
  | { kind: 'status'; status: number; body?: string; headers?: Record<string, string> }
  /** 200 and the headers at once, then one byte every `byteEveryMs`. */
  | { kind: 'slow'; body: string | Buffer; byteEveryMs: number; contentType?: string }
  /** 200 with an HTML login form: what a captive portal or an expired session serves. */
  | { kind: 'login-page' }
  /** Reads the request and never answers. */
  | { kind: 'hang' }
  | { kind: 'redirect'; location: string; status?: number }
  /** The nth request to the route gets the nth step; the last step repeats. */
  | { kind: 'sequence'; steps: Behaviour[] }
  /** Anything else, answered by the test itself. */
  | { kind: 'custom'; handle: (req: IncomingMessage, res: ServerResponse) => void };

export interface RecordedRequest {
  method: string;
  /** Path with its query, as sent. */
  path: string;
  headers: IncomingHttpHeaders;
  /** performance.now() when the request arrived. */
  at: number;
}

export interface MisbehavingServer {
  readonly port: number;
  /** "http://127.0.0.1:<port>" */
  readonly origin: string;
  url(path: string): string;
  /** Sets how `path` behaves from the next request on, and restarts its sequence. */
  route(path: string, behaviour: Behaviour): void;
  /** Requests received, all or for one path (compared with and without query). */
  requests(path?: string): RecordedRequest[];
  /** Forgets every route and recorded request. */
  reset(): void;
  /** Stops, dropping hanging and slow connections. */
  close(): Promise<void>;
}

/** `times` answers with `status` (500), then `then` for every later request. */
export function failing(times: number, then: Behaviour, status = 500): Behaviour {
  const failure: Behaviour = { kind: 'status', status, body: 'Erreur du serveur' };
  return { kind: 'sequence', steps: [...Array<Behaviour>(times).fill(failure), then] };
}

export const LOGIN_PAGE =
  '<!DOCTYPE html>\n<html lang="fr"><head><meta charset="utf-8">' +
  '<title>Connexion</title></head><body><h1>Connexion requise</h1>' +
  '<form method="post" action="/login"><label>Identifiant <input name="user"></label>' +
  '<label>Mot de passe <input name="password" type="password"></label>' +
  '<button>Se connecter</button></form></body></html>\n';

export async function startMisbehavingServer(): Promise<MisbehavingServer> {
  const routes = new Map<string, { behaviour: Behaviour; served: number }>();
  let recorded: RecordedRequest[] = [];
  const timers = new Set<NodeJS.Timeout>();

  const server = createServer((req, res) => {
    const path = req.url ?? '/';
    recorded.push({
      method: req.method ?? 'GET',
      path,
      headers: req.headers,
      at: performance.now(),
    });
    const route = routes.get(path) ?? routes.get(withoutQuery(path));
    if (!route) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('Introuvable');
      return;
    }
    behave(route.behaviour, route.served++, req, res, timers);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;

  return {
    port,
    origin,
    url: (path) => origin + path,
    route: (path, behaviour) => routes.set(path, { behaviour, served: 0 }),
    requests: (path) =>
      path === undefined
        ? [...recorded]
        : recorded.filter((r) => r.path === path || withoutQuery(r.path) === path),
    reset: () => {
      routes.clear();
      recorded = [];
    },
    close: () => {
      for (const timer of timers) clearInterval(timer);
      server.closeAllConnections();
      return new Promise((done) => server.close(() => done()));
    },
  };
}

function behave(
  behaviour: Behaviour,
  nth: number,
  req: IncomingMessage,
  res: ServerResponse,
  timers: Set<NodeJS.Timeout>,
): void {
  switch (behaviour.kind) {
    case 'serve':
      return serve(behaviour, req, res);
    case 'truncate': {
      const { body, encoding } = encode(behaviour.body, behaviour.gzip, req);
      const sent = Math.floor(body.length * (behaviour.fraction ?? 0.5));
      res.writeHead(200, {
        'content-type': behaviour.contentType ?? 'application/json',
        'content-length': body.length,
        ...encoding,
      });
      res.write(body.subarray(0, sent), () => res.destroy());
      return;
    }
    case 'status':
      res.writeHead(behaviour.status, {
        'content-type': 'text/plain; charset=utf-8',
        ...behaviour.headers,
      });
      res.end(behaviour.body ?? '');
      return;
    case 'slow': {
      const body = Buffer.from(behaviour.body);
      res.writeHead(200, {
        'content-type': behaviour.contentType ?? 'application/json',
        'content-length': body.length,
      });
      let next = 0;
      const timer = setInterval(() => {
        res.write(body.subarray(next, ++next));
        if (next < body.length) return;
        stop();
        res.end();
      }, behaviour.byteEveryMs);
      const stop = (): void => {
        clearInterval(timer);
        timers.delete(timer);
      };
      timers.add(timer);
      res.on('close', stop);
      return;
    }
    case 'login-page':
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(LOGIN_PAGE);
      return;
    case 'hang':
      req.resume();
      return;
    case 'redirect':
      res.writeHead(behaviour.status ?? 302, { location: behaviour.location });
      res.end();
      return;
    case 'sequence': {
      const step = behaviour.steps[Math.min(nth, behaviour.steps.length - 1)];
      if (!step) throw new Error('A sequence needs at least one step.');
      return behave(step, nth, req, res, timers);
    }
    case 'custom':
      return behaviour.handle(req, res);
  }
}

function serve(
  behaviour: Extract<Behaviour, { kind: 'serve' }>,
  req: IncomingMessage,
  res: ServerResponse,
): void {
  const validators = {
    ...(behaviour.etag ? { etag: behaviour.etag } : {}),
    ...(behaviour.lastModified ? { 'last-modified': behaviour.lastModified } : {}),
  };
  if (isNotModified(behaviour, req.headers)) {
    res.writeHead(304, validators);
    res.end();
    return;
  }
  const { body, encoding } = encode(behaviour.body, behaviour.gzip, req);
  res.writeHead(200, {
    'content-type': behaviour.contentType ?? 'application/json',
    ...(behaviour.chunked ? {} : { 'content-length': body.length }),
    ...encoding,
    ...validators,
    ...behaviour.headers,
  });
  res.end(body);
}

/** RFC 9110: If-None-Match decides when present; If-Modified-Since only otherwise. */
function isNotModified(
  behaviour: { etag?: string; lastModified?: string },
  headers: IncomingHttpHeaders,
): boolean {
  const noneMatch = headers['if-none-match'];
  if (noneMatch !== undefined) {
    const tags = noneMatch.split(',').map((tag) => tag.trim());
    return (
      behaviour.etag !== undefined &&
      (tags.includes('*') || tags.includes(behaviour.etag))
    );
  }
  const since = headers['if-modified-since'];
  if (since === undefined || behaviour.lastModified === undefined) return false;
  return Date.parse(behaviour.lastModified) <= Date.parse(since);
}

function encode(
  text: string | Buffer,
  gzip: boolean | undefined,
  req: IncomingMessage,
): { body: Buffer; encoding: Record<string, string> } {
  const body = Buffer.from(text);
  const accepted = /\bgzip\b/.test(req.headers['accept-encoding'] ?? '');
  if (!gzip || !accepted) return { body, encoding: {} };
  return {
    body: gzipSync(body),
    encoding: { 'content-encoding': 'gzip', vary: 'accept-encoding' },
  };
}

function withoutQuery(path: string): string {
  const question = path.indexOf('?');
  return question === -1 ? path : path.slice(0, question);
}
