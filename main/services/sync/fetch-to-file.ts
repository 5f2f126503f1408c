/**
 * Downloads for the catalogue sync: one HTTP(S) GET into a temporary file (or,
 * for small API pages, into memory), with conditional requests, gzip, a
 * timeout between bytes, retries with backoff, a cancel signal, and the proxy
 * from HTTP_PROXY / HTTPS_PROXY / NO_PROXY. A file is left on disk only when
 * the whole body arrived; every failure is one French sentence (http-errors).
 */
import { randomUUID } from 'node:crypto';
import { mkdir, open, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { PassThrough, type Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { createGunzip } from 'node:zlib';
import { EnvHttpProxyAgent, request, type Dispatcher } from 'undici';
import {
  FetchError,
  formatFrenchBytes,
  isRetryable,
  type DownloadFailure,
} from './http-errors';

export interface FetchRequest {
  url: string;
  /** Validators of the copy we hold: the server answers 304 when it is current. */
  etag?: string | null;
  lastModified?: string | null;
  /** Extra request headers, e.g. Authorization (dropped on a redirect elsewhere). */
  headers?: Record<string, string>;
  /** Folder for the temporary file, created when missing. */
  tempDir: string;
  signal?: AbortSignal;
  /** Longest wait for the next byte, headers included (default 30 s). */
  timeoutMs?: number;
  /** Tries after the first on a network error, a timeout, 5xx, 408, 429 (default 3). */
  retries?: number;
  /** Wait before the first retry, doubled at each next one (default 500 ms). */
  backoffMs?: number;
  /** Decoded bytes so far; the total is Content-Length when the body is not compressed. */
  onProgress?: (bytes: number, totalBytes: number | null) => void;
}

/** What a complete download gives besides its bytes. */
export interface Downloaded {
  status: 'ok';
  /** Decoded size: what was written, after gzip is undone. */
  bytes: number;
  etag: string | null;
  lastModified: string | null;
  contentType: string | null;
  /** Address the body came from, after redirects. */
  url: string;
  /** Response headers, names in lower case. */
  headers: Record<string, string>;
}

export type FetchResult = { status: 'not-modified' } | (Downloaded & { file: string });

export type JsonRequest = Omit<FetchRequest, 'tempDir' | 'onProgress'> & {
  /** Larger answers are refused (default 20 Mo). */
  maxBytes?: number;
};

export type JsonResult = { status: 'not-modified' } | (Downloaded & { json: unknown });

const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_RETRIES = 3;
const DEFAULT_BACKOFF_MS = 500;
const DEFAULT_JSON_MAX_BYTES = 20_000_000;
const MAX_RETRY_AFTER_MS = 60_000;
const MAX_REDIRECTS = 5;
/**
 * How much of a body undici may hold while we write it, before it pauses its
 * parser. undici 7 crashes the whole process (an assertion in the socket's
 * « end » handler, nodejs/undici#5360) when a server closes the connection
 * while the parser is paused; a large buffer keeps it from pausing on a
 * download, at the cost of memory when the disk is slower than the network.
 * TODO: back to the default once on undici 8 (fixed there, but it needs Node 22).
 */
const BODY_BUFFER_BYTES = 1024 * 1024 * 1024;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const CREDENTIAL_HEADERS = ['authorization', 'cookie', 'proxy-authorization'];

/** A failure inside one attempt; turned into a FetchError once retries are over. */
class Failed extends Error {
  constructor(readonly failure: DownloadFailure) {
    super(failure.kind);
  }
}

type Sink = (chunk: Buffer) => Promise<unknown> | void;
type Outcome = { status: 'not-modified' } | Downloaded;

/**
 * Downloads `req.url` to a new file in `req.tempDir`, synced to disk. The
 * caller owns the file (moves or removes it); on any failure or cancel it is
 * already gone.
 */
export function fetchToFile(req: FetchRequest): Promise<FetchResult> {
  return withRetries(req, async (dispatcher) => {
    await onDisk(req, mkdir(req.tempDir, { recursive: true }));
    const file = join(req.tempDir, `telechargement-${randomUUID()}.part`);
    const handle = await onDisk(req, open(file, 'wx'));
    let keep = false;
    try {
      const outcome = await downloadOnce(req, dispatcher, (chunk) =>
        onDisk(req, handle.write(chunk)),
      );
      if (outcome.status === 'not-modified') return outcome;
      await onDisk(req, handle.sync());
      keep = true;
      return { ...outcome, file };
    } finally {
      await handle.close();
      if (!keep) await rm(file, { force: true });
    }
  });
}

/** GETs a small JSON document (an API page) by the same rules, kept in memory. */
export function fetchJson(req: JsonRequest): Promise<JsonResult> {
  const maxBytes = req.maxBytes ?? DEFAULT_JSON_MAX_BYTES;
  const asJson = { ...req, headers: { accept: 'application/json', ...req.headers } };
  return withRetries(asJson, async (dispatcher) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const outcome = await downloadOnce(asJson, dispatcher, (chunk) => {
      size += chunk.length;
      if (size > maxBytes) {
        throw new Failed({
          kind: 'content',
          problem: `elle dépasse ${formatFrenchBytes(maxBytes)}`,
        });
      }
      chunks.push(chunk);
    });
    if (outcome.status === 'not-modified') return outcome;
    const text = Buffer.concat(chunks)
      .toString('utf8')
      .replace(/^\uFEFF/, '');
    return { ...outcome, json: parseJson(text, outcome.contentType) };
  });
}

/** Runs `attempt` until it succeeds, fails for good, or runs out of retries. */
async function withRetries<T>(
  req: JsonRequest,
  attempt: (dispatcher: Dispatcher) => Promise<T>,
): Promise<T> {
  if (webAddress(req.url) === null) throw new FetchError({ kind: 'address' }, req.url);
  const retries = req.retries ?? DEFAULT_RETRIES;
  const backoffMs = req.backoffMs ?? DEFAULT_BACKOFF_MS;
  // One agent per download, so that proxy variables changed meanwhile apply.
  const dispatcher = new EnvHttpProxyAgent();
  try {
    for (let tries = 1; ; tries++) {
      let failure: DownloadFailure;
      try {
        if (req.signal?.aborted) throw new Failed({ kind: 'cancelled' });
        return await attempt(dispatcher);
      } catch (error) {
        if (!(error instanceof Failed)) throw error;
        failure = error.failure;
      }
      if (!isRetryable(failure) || tries > retries) {
        throw new FetchError(failure, req.url, tries);
      }
      const serverWait = failure.kind === 'status' ? (failure.retryAfterMs ?? 0) : 0;
      const waitMs = Math.max(backoffMs * 2 ** (tries - 1), serverWait);
      await sleep(waitMs, undefined, { signal: req.signal }).catch(() => {
        throw new FetchError({ kind: 'cancelled' }, req.url);
      });
    }
  } finally {
    await dispatcher.destroy();
  }
}

/** One GET (following redirects), its body decoded into `sink`. */
async function downloadOnce(
  req: JsonRequest & Pick<FetchRequest, 'onProgress'>,
  dispatcher: Dispatcher,
  sink: Sink,
): Promise<Outcome> {
  const attempt = new AbortController();
  const cancel = (): void => attempt.abort();
  req.signal?.addEventListener('abort', cancel);
  const timeoutMs = req.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  let timedOut = false;
  const idle = setTimeout(() => {
    timedOut = true;
    attempt.abort();
  }, timeoutMs);
  // Bytes as sent, before decoding: what Content-Length promises.
  const wire = { started: false, received: 0, expected: null as number | null };

  try {
    const { response, url } = await openFollowingRedirects(
      req,
      dispatcher,
      attempt.signal,
    );
    const { statusCode, headers, body } = response;
    if (statusCode === 304) {
      await body.dump();
      return { status: 'not-modified' };
    }
    if (statusCode < 200 || statusCode > 299) {
      await body.dump();
      const retryAfterMs = parseRetryAfter(header(headers, 'retry-after'));
      throw new Failed({ kind: 'status', status: statusCode, retryAfterMs });
    }

    const encoding = (header(headers, 'content-encoding') ?? 'identity').toLowerCase();
    const decoder = decoderFor(encoding);
    const length = Number(header(headers, 'content-length') ?? NaN);
    wire.expected = Number.isSafeInteger(length) ? length : null;
    const total = encoding === 'identity' ? wire.expected : null;
    let bytes = 0;
    wire.started = true;
    req.onProgress?.(0, total);
    // undici fails the body when the connection closes before Content-Length
    // bytes (or the last chunk) arrived: bodyFailure calls that truncated.
    await pipeline(
      body,
      async function* countWireBytes(chunks: AsyncIterable<Buffer>) {
        for await (const chunk of chunks) {
          wire.received += chunk.length;
          idle.refresh();
          yield chunk;
        }
      },
      decoder,
      async function write(chunks: AsyncIterable<Buffer>) {
        for await (const chunk of chunks) {
          await sink(chunk);
          bytes += chunk.length;
          req.onProgress?.(bytes, total);
        }
      },
    );
    return {
      status: 'ok',
      bytes,
      etag: header(headers, 'etag'),
      lastModified: header(headers, 'last-modified'),
      contentType: header(headers, 'content-type'),
      url,
      headers: flattenHeaders(headers),
    };
  } catch (error) {
    if (req.signal?.aborted) throw new Failed({ kind: 'cancelled' });
    if (timedOut) throw new Failed({ kind: 'timeout', timeoutMs });
    if (error instanceof Failed) throw error;
    throw new Failed(wire.started ? bodyFailure(error, wire) : networkFailure(error));
  } finally {
    clearTimeout(idle);
    req.signal?.removeEventListener('abort', cancel);
  }
}

async function openFollowingRedirects(
  req: JsonRequest,
  dispatcher: Dispatcher,
  signal: AbortSignal,
): Promise<{ response: Dispatcher.ResponseData; url: string }> {
  let url = req.url;
  let headers = requestHeaders(req);
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    const response = await request(url, {
      method: 'GET',
      headers,
      dispatcher,
      signal,
      highWaterMark: BODY_BUFFER_BYTES,
    });
    const location = header(response.headers, 'location');
    if (!REDIRECT_STATUSES.has(response.statusCode) || location === null) {
      return { response, url };
    }
    await response.body.dump();
    const next = webAddress(location, url);
    if (next === null) {
      const problem = `elle renvoie vers « ${location} », qui n’est pas une adresse web`;
      throw new Failed({ kind: 'content', problem });
    }
    // Credentials are for the server the buyer configured, never another one.
    if (next.origin !== new URL(url).origin) {
      headers = Object.fromEntries(
        Object.entries(headers).filter(([name]) => !CREDENTIAL_HEADERS.includes(name)),
      );
    }
    url = next.href;
  }
  throw new Failed({ kind: 'content', problem: `plus de ${MAX_REDIRECTS} redirections` });
}

function requestHeaders(req: JsonRequest): Record<string, string> {
  const headers: Record<string, string> = {
    'user-agent': 'Passerelle',
    'accept-encoding': 'gzip',
  };
  if (req.etag) headers['if-none-match'] = req.etag;
  if (req.lastModified) headers['if-modified-since'] = req.lastModified;
  for (const [name, value] of Object.entries(req.headers ?? {})) {
    headers[name.toLowerCase()] = value;
  }
  return headers;
}

function webAddress(text: string, base?: string): URL | null {
  try {
    const url = new URL(text, base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : null;
  } catch {
    return null;
  }
}

function decoderFor(encoding: string): Transform {
  if (encoding === 'identity') return new PassThrough();
  if (encoding === 'gzip' || encoding === 'x-gzip') return createGunzip();
  const problem = `compression « ${encoding} » non prise en charge`;
  throw new Failed({ kind: 'content', problem });
}

/** A failure once the body had started: cut short, or not gzip after all. */
function bodyFailure(
  error: unknown,
  wire: { received: number; expected: number | null },
): DownloadFailure {
  const complete = wire.expected === null || wire.received >= wire.expected;
  if (complete && errorCode(error)?.startsWith('Z_')) {
    return { kind: 'content', problem: 'compression gzip illisible' };
  }
  return { kind: 'truncated', received: wire.received, expected: wire.expected };
}

function networkFailure(error: unknown): DownloadFailure {
  // undici says a proxy refused the tunnel only in its message.
  const message = error instanceof Error ? error.message : String(error);
  const proxy = /Proxy response \((\d+)\)/.exec(message);
  const code = errorCode(error);
  if (code === null && !proxy) console.warn('[sync] erreur réseau non classée', error);
  return { kind: 'network', code, proxyStatus: proxy ? Number(proxy[1]) : null };
}

function errorCode(error: unknown): string | null {
  const shaped = error as { code?: unknown; cause?: { code?: unknown } } | null;
  const code = shaped?.code ?? shaped?.cause?.code;
  return typeof code === 'string' ? code : null;
}

async function onDisk<T>(req: FetchRequest, work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    throw new Failed({ kind: 'disk', code: errorCode(error), dir: req.tempDir });
  }
}

function parseJson(text: string, contentType: string | null): unknown {
  if (contentType?.includes('text/html') || text.trimStart().startsWith('<')) {
    const problem =
      'c’est une page web et non des données JSON ' +
      '(adresse fausse, ou le serveur demande de se connecter)';
    throw new Failed({ kind: 'content', problem });
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new Failed({ kind: 'content', problem: 'ce n’est pas du JSON valide' });
  }
}

/** Retry-After in seconds or as a date, capped so a server cannot stall us for long. */
function parseRetryAfter(value: string | null): number | null {
  if (value === null) return null;
  const ms = /^\d+$/.test(value.trim())
    ? Number(value) * 1000
    : Date.parse(value) - Date.now();
  return Number.isFinite(ms) ? Math.min(Math.max(ms, 0), MAX_RETRY_AFTER_MS) : null;
}

type ResponseHeaders = Dispatcher.ResponseData['headers'];

function header(headers: ResponseHeaders, name: string): string | null {
  const value = headers[name];
  return Array.isArray(value) ? value.join(', ') : (value ?? null);
}

function flattenHeaders(headers: ResponseHeaders): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const name of Object.keys(headers)) flat[name] = header(headers, name) ?? '';
  return flat;
}
