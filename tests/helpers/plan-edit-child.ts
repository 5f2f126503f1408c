/**
 * Child process of tests/integration/plans.spec.ts: opens the services on
 * the database folder it is given, makes a plan of the Harnes fixture and
 * then renames its first need again and again, printing « saved <n> » each
 * time a save has been answered, until it is killed.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createServices } from '../../main/services/create-services';

const [databasePath] = process.argv.slice(2);
if (!databasePath) throw new Error('usage: plan-edit-child.ts <database path>');

const services = await createServices({ databasePath });
const csv = readFileSync(resolve('tests/fixtures/plans/harnes-2019.csv'));
const imported = await services['plan:import']({
  name: 'harnes-2019.csv',
  base64: csv.toString('base64'),
});
const plan = await services['plans:create']({
  name: 'Plan 2019',
  buyer: 'Mairie de Harnes',
  imported,
});
process.stdout.write(`created ${plan.id}\n`);
let revision = plan.revision;
const first = plan.needs[0]!;
for (let n = 1; ; n += 1) {
  const saved = await services['plans:save']({
    planId: plan.id,
    baseRevision: revision,
    upserts: [{ ...first, title: `Édition n° ${n}` }],
    removals: [],
    order: null,
  });
  revision = saved.revision;
  process.stdout.write(`saved ${n}\n`);
  await new Promise((done) => setTimeout(done, 5));
}
