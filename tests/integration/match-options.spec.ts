/** match:run over HTTP refuses bad options and tampered needs with a French 400. */
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices, type Services } from '../../main/services/create-services';
import { startServer, type RunningServer } from '../../main/server/http-server';
import type { Plan } from '../../shared/model';
import { makeCatalogue, makeTonteNeed } from '../unit/main/catalogue-factory';

let services: Services;
let server: RunningServer;

function post(
  channel: string,
  args: unknown[],
): Promise<{ status: number; body: string }> {
  return new Promise((done, fail) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: server.port,
        method: 'POST',
        path: `/api/${channel}`,
        headers: { 'Content-Type': 'application/json' },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          done({
            status: res.statusCode ?? 0,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
      },
    );
    req.on('error', fail);
    req.end(JSON.stringify({ args }));
  });
}

const need = makeTonteNeed();
const plan: Plan = { name: 'p', sourceFile: null, importedAt: '', needs: [need] };

beforeAll(async () => {
  services = await createServices({ databasePath: null, catalogue: makeCatalogue() });
  server = await startServer({
    port: 0,
    services,
    rendererDir: join(tmpdir(), 'passerelle-no-renderer'),
  });
});

afterAll(async () => {
  await server.close();
  services.close();
});

describe('match:run option checks', () => {
  it.each([
    [{ topN: -1 }, 'Option « topN » : « -1 » doit être un nombre entier entre 1 et 100.'],
    [{ topN: 'x' }, 'Option « topN » : « x » doit être un nombre entier entre 1 et 100.'],
    [
      { topN: 2.5 },
      'Option « topN » : « 2.5 » doit être un nombre entier entre 1 et 100.',
    ],
    [
      { topN: 101 },
      'Option « topN » : « 101 » doit être un nombre entier entre 1 et 100.',
    ],
    [
      { defaultMaxDistanceKm: 'abc' },
      'Option « defaultMaxDistanceKm » : « abc » doit être une distance en km ' +
        'supérieure à 0 et d’au plus 1000.',
    ],
    [
      { defaultMaxDistanceKm: 0 },
      'Option « defaultMaxDistanceKm » : « 0 » doit être une distance en km ' +
        'supérieure à 0 et d’au plus 1000.',
    ],
    [
      { weights: { sector: -5 } },
      'Option « weights.sector » : « -5 » doit être un nombre positif ou nul.',
    ],
    [
      { weights: { labels: '20' } },
      'Option « weights.labels » : « 20 » doit être un nombre positif ou nul.',
    ],
    [
      { weights: { sector: 0, labels: 0, distance: 0, capacity: 0 } },
      'Option « weights » : « {"sector":0,"labels":0,"distance":0,"capacity":0} » ' +
        'doit avoir une somme des pondérations supérieure à 0.',
    ],
  ])('refuses %j with 400', async (options, message) => {
    const reply = await post('match:run', [{ plan, options }]);
    expect(reply.status).toBe(400);
    expect(JSON.parse(reply.body)).toEqual({ error: { message } });
  });

  it('refuses a need whose place was tampered with', async () => {
    // JSON turns NaN into null: what a tampered client sends.
    const tampered = { ...need, place: { ...need.place, lat: 'NaN', lon: 2.9 } };
    const reply = await post('match:run', [{ plan: { ...plan, needs: [tampered] } }]);
    expect(reply.status).toBe(400);
    expect(JSON.parse(reply.body)).toEqual({
      error: {
        message:
          'Besoin n° 1 « Tonte » : le lieu de livraison a des coordonnées invalides ' +
          '(latitude « NaN », longitude « 2.9 ») ; choisissez à nouveau le lieu.',
      },
    });
    const far = { ...need, place: { ...need.place, lat: 95 } };
    const second = await post('match:run', [{ plan: { ...plan, needs: [far] } }]);
    expect(second.status).toBe(400);
  });

  it('still runs with valid options', async () => {
    const reply = await post('match:run', [
      {
        plan,
        options: { topN: 1, defaultMaxDistanceKm: 1000, weights: { capacity: 0 } },
      },
    ]);
    expect(reply.status).toBe(200);
    const result = JSON.parse(reply.body) as {
      result: { options: { topN: number; weights: Record<string, number> } };
    };
    expect(result.result.options.topN).toBe(1);
    expect(result.result.options.weights).toEqual({
      sector: 40,
      labels: 20,
      distance: 30,
      capacity: 0,
    });
  });
});
