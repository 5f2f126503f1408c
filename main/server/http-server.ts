/** Browser mode: the renderer and POST /api/<channel> on 127.0.0.1 only. */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isChannel, type PasserelleApi, type ServiceError } from '../../shared/ipc';
import { toServiceError, UserError } from '../services/user-error';
import { serveStatic } from './static-files';

/** Largest request body accepted (a plan file travels as base64). */
export const MAX_BODY_BYTES = 50 * 1024 * 1024;

/** The CSP of the browser mode; the same policy as the Electron window. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  // data: for small inlined icons Vite may emit.
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export interface StartServerOptions {
  /** 0 picks a free port. */
  port: number;
  services: PasserelleApi;
  /** The built renderer (out/renderer). */
  rendererDir: string;
  /** Extra page origins allowed to call the API (e.g. a Vite dev server). */
  allowedOrigins?: string[];
}

export interface RunningServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'no-store',
  });
  res.end(JSON.stringify(body));
}

function sendError(res: ServerResponse, status: number, error: ServiceError): void {
  sendJson(res, status, { error });
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolveBody, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > MAX_BODY_BYTES) {
      reject(new HttpError(413, 'Requête trop volumineuse (50 Mo au plus).'));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        // Stop reading; the 413 is sent with Connection: close, which ends the socket.
        req.pause();
        req.removeAllListeners('data');
        reject(new HttpError(413, 'Requête trop volumineuse (50 Mo au plus).'));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolveBody(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

async function handleApi(
  req: IncomingMessage,
  res: ServerResponse,
  channel: string,
  services: PasserelleApi,
): Promise<void> {
  if (!isChannel(channel)) {
    sendError(res, 404, { message: `Service inconnu : « ${channel} ».` });
    return;
  }
  if (req.method !== 'POST') {
    res.setHeader('Allow', 'POST');
    sendError(res, 405, { message: 'Les services s’appellent en POST.' });
    return;
  }
  // A JSON content type forces a CORS preflight, which this server never grants.
  if (!String(req.headers['content-type'] ?? '').startsWith('application/json')) {
    sendError(res, 415, { message: 'Le corps de la requête doit être du JSON.' });
    return;
  }
  let args: unknown;
  try {
    args = (JSON.parse(await readBody(req)) as { args?: unknown }).args;
  } catch (error) {
    if (error instanceof HttpError) throw error;
    throw new HttpError(400, 'Le corps de la requête n’est pas un JSON valide.');
  }
  if (!Array.isArray(args)) {
    throw new HttpError(400, 'Le corps de la requête doit être { "args": [...] }.');
  }
  try {
    const call = services[channel] as (...a: unknown[]) => Promise<unknown>;
    sendJson(res, 200, { result: await call(...args) });
  } catch (error) {
    sendError(
      res,
      error instanceof UserError ? 400 : 500,
      toServiceError(error, 'server'),
    );
  }
}

/** Starts the browser-mode server on 127.0.0.1:`port`. */
export function startServer(options: StartServerOptions): Promise<RunningServer> {
  let port = options.port;
  const allowedHosts = (): string[] => [`127.0.0.1:${port}`, `localhost:${port}`];
  const allowedOrigins = (): string[] => [
    ...allowedHosts().map((h) => `http://${h}`),
    ...(options.allowedOrigins ?? []),
  ];

  const server = createServer((req, res) => {
    res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('X-Frame-Options', 'DENY');
    // DNS-rebinding guard: a foreign name resolving to 127.0.0.1 keeps its Host.
    if (!allowedHosts().includes(String(req.headers.host ?? '').toLowerCase())) {
      sendError(res, 421, { message: 'Hôte non autorisé.' });
      return;
    }
    const origin = req.headers.origin;
    if (origin !== undefined && !allowedOrigins().includes(origin)) {
      sendError(res, 403, { message: 'Origine non autorisée.' });
      return;
    }
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    const work = path.startsWith('/api/')
      ? handleApi(req, res, path.slice('/api/'.length), options.services)
      : req.method === 'GET' || req.method === 'HEAD'
        ? serveStatic(req, res, options.rendererDir, path)
        : Promise.reject(new HttpError(405, 'Méthode non autorisée.'));
    work.catch((error: unknown) => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      if (error instanceof HttpError) {
        if (error.status === 413) res.setHeader('Connection', 'close');
        sendError(res, error.status, { message: error.message });
      } else {
        sendError(res, 500, toServiceError(error, 'server'));
      }
    });
  });

  return new Promise((resolveStart, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => {
      server.off('error', reject);
      port = (server.address() as AddressInfo).port;
      resolveStart({
        url: `http://127.0.0.1:${port}/`,
        port,
        close: () =>
          new Promise((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}
