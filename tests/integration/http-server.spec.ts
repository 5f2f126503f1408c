import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices, type Services } from '../../main/services/create-services';
import { startServer, type RunningServer } from '../../main/server/http-server';
import { distanceKm } from '../../shared/matching/match-plan';
import type { Catalogue } from '../../shared/model';

const catalogue = JSON.parse(
  readFileSync(resolve('resources/catalogue.json'), 'utf8'),
) as Catalogue;
const HARNES = { lat: 50.4458, lon: 2.9069 }; // only for an order-of-magnitude check below
let services: Services;
let server: RunningServer;
let rendererDir: string;

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A raw request, so that the Host and Origin headers can be chosen. */
function send(
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Reply> {
  return new Promise((done, fail) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = request(
      {
        host: '127.0.0.1',
        port: server.port,
        method,
        path,
        headers: {
          ...(payload ? { 'Content-Type': 'application/json' } : {}),
          ...headers,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          done({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
      },
    );
    req.on('error', fail);
    req.end(payload);
  });
}

async function call<T>(channel: string, ...args: unknown[]): Promise<T> {
  const reply = await send('POST', `/api/${channel}`, { args });
  expect(reply.status, reply.body).toBe(200);
  return (JSON.parse(reply.body) as { result: T }).result;
}

beforeAll(async () => {
  rendererDir = mkdtempSync(join(tmpdir(), 'passerelle-renderer-'));
  mkdirSync(join(rendererDir, 'assets'));
  writeFileSync(
    join(rendererDir, 'index.html'),
    '<!doctype html><title>Passerelle</title>',
  );
  writeFileSync(join(rendererDir, 'assets', 'app.js'), 'console.log(1);');
  services = await createServices({ databasePath: null });
  server = await startServer({ port: 0, services, rendererDir });
});

afterAll(async () => {
  await server.close();
  services.close();
  rmSync(rendererDir, { recursive: true, force: true });
});

describe('browser-mode server', () => {
  it('listens on 127.0.0.1 on the port it reports', () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/`);
    expect(server.port).toBeGreaterThan(0);
  });

  it('catalogue:summary counts the suppliers of resources/catalogue.json', async () => {
    const summary = await call<{
      supplierCount: number;
      version: string;
      databasePath: null;
    }>('catalogue:summary');
    expect(summary.supplierCount).toBe(catalogue.suppliers.length);
    expect(summary.version).toBe(catalogue.version);
    expect(summary.databasePath).toBeNull();
  });

  it('catalogue:sectors returns the 154 sectors', async () => {
    const sectors = await call<unknown[]>('catalogue:sectors');
    expect(sectors).toHaveLength(catalogue.sectors.length);
  });

  it('places:resolve finds Harnes by its postcode', async () => {
    const resolution = await call<{ status: string; place: { inseeCode: string } }>(
      'places:resolve',
      '62440',
    );
    expect(resolution.status).toBe('found');
    expect(resolution.place.inseeCode).toBe('62413');
  });

  it('catalogue:search near Harnes keeps the radius, sorted by distance', async () => {
    const result = await call<{
      total: number;
      hits: { kind: string; distanceKm: number }[];
      place: null;
    }>('catalogue:search', { near: 'Harnes', radiusKm: 15, kind: 'ACI' });
    const place = await call<{ place: { lat: number; lon: number } }>(
      'places:resolve',
      'Harnes',
    );
    const expected = catalogue.suppliers.filter(
      (s) => s.kind === 'ACI' && distanceKm(place.place, s.location) <= 15,
    );
    expect(distanceKm(place.place, HARNES)).toBeLessThan(2);
    expect(result.place).toBeNull();
    expect(result.total).toBe(expected.length);
    expect(result.total).toBeGreaterThan(0);
    const distances = result.hits.map((h) => h.distanceKm);
    expect(distances).toEqual([...distances].sort((a, b) => a - b));
    expect(Math.max(...distances)).toBeLessThanOrEqual(15);
    expect(result.hits.every((h) => h.kind === 'ACI')).toBe(true);
  });

  it('catalogue:search finds folded text and reports an unknown place', async () => {
    const byText = await call<{ hits: { name: string }[] }>('catalogue:search', {
      text: 'sapih',
    });
    expect(byText.hits.map((h) => h.name)).toContain('ASSOC SAPIH INSERTION');
    const lost = await call<{ total: number; place: { status: string } }>(
      'catalogue:search',
      {
        near: 'Zzyzx-sur-Mer',
      },
    );
    expect(lost.total).toBe(0);
    expect(lost.place.status).toBe('not-found');
  });

  it('catalogue:search finds a keyword in the names of the supplier’s sectors', async () => {
    const result = await call<{ total: number; hits: { id: string }[] }>(
      'catalogue:search',
      { text: 'Espaces verts', limit: 5000 },
    );
    const plain = (text: string) =>
      text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
    const sectorName = new Map(catalogue.sectors.map((s) => [s.id, s.name]));
    const hasBoth = (text: string) =>
      /\bespaces\b/.test(plain(text)) && /\bverts\b/.test(plain(text));
    const own = (s: Catalogue['suppliers'][number]) =>
      `${s.name} ${s.brand ?? ''} ${s.address.city} ${s.description ?? ''}`;
    const bySector = catalogue.suppliers.filter(
      (s) =>
        !hasBoth(own(s)) &&
        hasBoth(s.sectorIds.map((id) => sectorName.get(id) ?? '').join(' ')),
    );
    // The sector « Création et entretien des espaces verts » brings suppliers
    // whose name and description never say it.
    expect(bySector.length).toBeGreaterThan(0);
    const found = new Set(result.hits.map((h) => h.id));
    expect(result.hits.length).toBe(result.total);
    expect(bySector.filter((s) => !found.has(s.id))).toEqual([]);
  });

  it('imports, matches and reports the Harnes plan over HTTP', async () => {
    const bytes = readFileSync(resolve('tests/fixtures/plans/harnes-2019.csv'));
    const imported = await call<{ plan: { needs: unknown[] } }>('plan:import', {
      name: 'harnes-2019.csv',
      base64: bytes.toString('base64'),
    });
    expect(imported.plan.needs).toHaveLength(29);
    const match = await call<{ needs: unknown[] }>('match:run', { plan: imported.plan });
    expect(match.needs).toHaveLength(29);
    const report = await call<{ name: string; base64: string }>('report:build', {
      plan: imported.plan,
      match,
    });
    expect(report.name).toMatch(/^rapport-sourcing-harnes-2019-\d{4}-\d{2}-\d{2}\.xlsx$/);
    expect(Buffer.from(report.base64, 'base64').subarray(0, 2).toString()).toBe('PK');
  });

  it('answers a user error with 400 and a French message', async () => {
    const reply = await send('POST', '/api/plan:template', { args: ['pdf'] });
    expect(reply.status).toBe(400);
    expect(JSON.parse(reply.body)).toEqual({
      error: { message: 'Format de modèle inconnu : choisissez « xlsx » ou « csv ».' },
    });
    const notAPlan = await send('POST', '/api/plan:import', {
      args: [{ name: 'x.xlsx', base64: Buffer.from('hello').toString('base64') }],
    });
    expect(notAPlan.status).toBe(400);
    expect(JSON.parse(notAPlan.body).error.message).toBe(
      'Le fichier « x.xlsx » n’est pas un classeur Excel lisible.',
    );
  });

  it('refuses an unknown channel, a bad body, a foreign Host or Origin', async () => {
    expect((await send('POST', '/api/catalogue:drop', { args: [] })).status).toBe(404);
    expect((await send('POST', '/api/catalogue:summary', { args: 'x' })).status).toBe(
      400,
    );
    expect((await send('GET', '/api/catalogue:summary')).status).toBe(405);
    const textPlain = await send('POST', '/api/catalogue:summary', undefined, {
      'Content-Type': 'text/plain',
    });
    expect(textPlain.status).toBe(415);
    const rebinding = await send(
      'POST',
      '/api/catalogue:summary',
      { args: [] },
      {
        Host: `evil.example:${server.port}`,
      },
    );
    expect(rebinding.status).toBe(421);
    const foreign = await send(
      'POST',
      '/api/catalogue:summary',
      { args: [] },
      {
        Origin: 'http://evil.example',
      },
    );
    expect(foreign.status).toBe(403);
    const ours = await send(
      'POST',
      '/api/catalogue:summary',
      { args: [] },
      {
        Origin: `http://localhost:${server.port}`,
        Host: `localhost:${server.port}`,
      },
    );
    expect(ours.status).toBe(200);
  });

  it('serves the renderer with a CSP, MIME types, SPA fallback and no traversal', async () => {
    const index = await send('GET', '/');
    expect(index.status).toBe(200);
    expect(index.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(index.headers['content-security-policy']).toContain("script-src 'self'");
    const script = await send('GET', '/assets/app.js');
    expect(script.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect((await send('GET', '/catalogue/recherche')).body).toContain(
      '<title>Passerelle',
    );
    expect((await send('GET', '/assets/absent.js')).status).toBe(404);
    const traversal = await send('GET', '/%2e%2e/%2e%2e/%2e%2e/etc/passwd');
    expect(traversal.body).not.toContain('root:');
  });
});
