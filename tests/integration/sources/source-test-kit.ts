/** What the source tests share: a JSON server on 127.0.0.1, a getJson, the real context. */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { loadResources } from '../../../main/services/load-resources';
import type {
  GetJson,
  SourceContext,
} from '../../../main/services/sync/sources/source-context';
import { sourceContextFromResources } from '../../../main/services/sync/sources/source-context';

/** One request the server received. */
export interface SeenRequest {
  url: URL;
  headers: IncomingHttpHeaders;
}

export interface JsonServer {
  /** http://127.0.0.1:<port> */
  origin: string;
  requests: SeenRequest[];
  close: () => Promise<void>;
}

/** Answers with `status` and `body` as JSON. */
export function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const bytes = Buffer.from(JSON.stringify(body), 'utf8');
  response.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': bytes.length,
  });
  response.end(bytes);
}

/** Starts a server on 127.0.0.1 (a free port) that records every request. */
export async function startJsonServer(
  handle: (request: SeenRequest, response: ServerResponse, origin: string) => void,
): Promise<JsonServer> {
  const requests: SeenRequest[] = [];
  let origin = '';
  const server = createServer((req, res) => {
    const seen = { url: new URL(req.url ?? '/', origin), headers: req.headers };
    requests.push(seen);
    handle(seen, res, origin);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    requests,
    close: () =>
      new Promise<void>((done, fail) =>
        server.close((error) => (error ? fail(error) : done())),
      ),
  };
}

/** A small getJson on node's fetch: the sync wires the real fetchJson instead. */
export const fetchGetJson: GetJson = async (url, headers) => {
  const response = await fetch(url, { headers });
  if (!response.ok) throw new Error(`HTTP ${response.status} pour ${url}`);
  return response.json();
};

let context: Promise<SourceContext> | null = null;

/** The context of the repository's resources/ (communes, sectors, mappings). */
export function realSourceContext(): Promise<SourceContext> {
  context ??= loadResources(resolve('resources')).then(sourceContextFromResources);
  return context;
}

/** A fixture of tests/fixtures/sources/ parsed. */
export function sourceFixture<T>(name: string): T {
  return JSON.parse(
    readFileSync(resolve('tests', 'fixtures', 'sources', name), 'utf8'),
  ) as T;
}

/** Path of a fixture of tests/fixtures/sources/. */
export function sourceFixturePath(name: string): string {
  return resolve('tests', 'fixtures', 'sources', name);
}
