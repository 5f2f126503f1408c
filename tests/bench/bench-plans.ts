/** Plans for the benchmarks, drawn from the real DECP 2019 contracts. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import Papa from 'papaparse';
import { parseCpv, type CpvNomenclature } from '../../shared/cpv';
import { resolvePlace, type PlaceIndex } from '../../shared/places/place-index';
import type { Need, Plan } from '../../shared/model';
import { makeNeed } from '../helpers/make-need';

const SHARED_DATA = process.env.PASSERELLE_SHARED_DATA ?? resolve('..', 'shared', 'data');

interface DecpRow {
  uid: string;
  acheteur_nom: string;
  objet: string;
  codeCPV: string;
  lieuExecution_code: string;
  lieuExecution_typeCode: string;
  lieuExecution_nom: string;
  montant: string;
}

/** Reads the DECP contracts (comma-separated, UTF-8). */
function readDecp(): DecpRow[] {
  const path = resolve(SHARED_DATA, 'procurement/decp-2019/decp_2019_marches.csv');
  const parsed = Papa.parse<DecpRow>(readFileSync(path, 'utf8'), {
    header: true,
    skipEmptyLines: true,
  });
  return parsed.data;
}

/** Turns a contract into a need when its CPV code and its place resolve. */
function needFromContract(
  row: DecpRow,
  index: number,
  places: PlaceIndex,
  cpv: CpvNomenclature,
): Need | null {
  const code = parseCpv(row.codeCPV, cpv);
  const isCommuneCode = /postal|commune/i.test(row.lieuExecution_typeCode);
  if (!code.ok || !isCommuneCode) return null;
  const place = resolvePlace(places, row.lieuExecution_code);
  if (place.status !== 'found') return null;
  const budget = Number(row.montant);
  return makeNeed({
    id: `need-${index}`,
    title: row.objet,
    cpv: code.code,
    placeText: row.lieuExecution_code,
    place: place.place,
    budget: Number.isFinite(budget) && budget > 0 ? budget : null,
  });
}

/** A plan of the first `count` usable contracts, in uid order (deterministic). */
export function decpPlan(
  count: number,
  places: PlaceIndex,
  cpv: CpvNomenclature,
  buyer?: string,
): Plan {
  const rows = readDecp()
    .filter((row) => buyer === undefined || row.acheteur_nom === buyer)
    .sort((a, b) => (a.uid < b.uid ? -1 : a.uid > b.uid ? 1 : 0));
  const needs: Need[] = [];
  const seen = new Set<string>();
  for (const row of rows) {
    // A buyer's plan holds one need per object and CPV code, as the fixture does.
    const key = `${row.objet}|${row.codeCPV}`;
    if (buyer !== undefined && seen.has(key)) continue;
    seen.add(key);
    const need = needFromContract(row, needs.length + 1, places, cpv);
    if (need) needs.push(need);
    if (needs.length === count) break;
  }
  return {
    name: buyer ?? `DECP 2019, ${needs.length} besoins`,
    sourceFile: null,
    importedAt: new Date(0).toISOString(),
    needs,
  };
}
