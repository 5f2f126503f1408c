/**
 * `tsx tests/bench/report.bench.ts` (in `npm run bench`): a sourcing report
 * of 100,000 candidate rows — 10,000 needs from the real DECP 2019 contracts,
 * 10 candidates each drawn from the embedded catalogue's suppliers with their
 * real distances — written to a temporary .xlsx by the streaming writer (the
 * product) and by the in-memory writer (the baseline), each in its own
 * process so that its peak memory is its own. Targets for the streaming
 * writer: under 20 s and 600 Mo; the command fails (exit code 1) otherwise.
 *
 * `tsx tests/bench/report.bench.ts step <streaming|memory>` runs one writer
 * and prints its measures as JSON.
 */
import { execFileSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { finished } from 'node:stream/promises';
import { writeSourcingReport } from '../../main/services/report/build-sourcing-report';
import type { ReportInput } from '../../main/services/report/report-input';
import { reportTables } from '../../main/services/report/build-sourcing-report';
import { buildCpvNomenclature } from '../../shared/cpv';
import { DEFAULT_MATCH_OPTIONS } from '../../shared/matching/match-plan';
import { distanceKm } from '../../shared/matching/distance-km';
import type {
  Candidate,
  Catalogue,
  CommunesFile,
  CpvFile,
  MatchResult,
  Need,
  NeedMatch,
  Plan,
} from '../../shared/model';
import {
  INDICATOR_KINDS,
  type IndicatorKind,
} from '../../shared/indicators/indicator-types';
import { planIndicators } from '../../shared/indicators/plan-indicators';
import { indicatorKindsOf } from '../../shared/indicators/supplier-kinds';
import { reservableCounts } from '../../shared/law/reservable';
import { buildPlaceIndex } from '../../shared/places/place-index';
import type { SheetId } from '../../shared/report/report-sheets';
import { decpPlan } from './bench-plans';

const NEEDS = 10_000;
const CANDIDATES_PER_NEED = 10;
const TARGET_MS = 20_000;
const TARGET_MB = 600;
/** The sheets a 100,000-row report fills without an allocation run over it. */
const SHEETS: SheetId[] = ['synthese', 'besoins', 'fournisseurs', 'methode'];

interface StepReport {
  writer: 'streaming' | 'memory';
  rows: number;
  /** Building the input (plan, candidates), before any writing. */
  inputMs: number;
  inputRssMb: number;
  ms: number;
  cpuMs: number;
  peakRssMb: number;
  fileMb: number;
}

function readJson<T>(name: string): T {
  return JSON.parse(readFileSync(resolve('resources', name), 'utf8')) as T;
}

/** 10,000 real needs: the usable DECP contracts, taken again in turn when too few. */
function benchPlan(): Plan {
  const places = buildPlaceIndex(readJson<CommunesFile>('communes.json'));
  const cpv = buildCpvNomenclature(readJson<CpvFile>('cpv.json'));
  const base = decpPlan(NEEDS, places, cpv);
  const needs: Need[] = Array.from({ length: NEEDS }, (_, i) => {
    const need = base.needs[i % base.needs.length] as Need;
    return { ...need, id: `need-${i + 1}`, row: i + 2 };
  });
  return { ...base, name: `DECP 2019, ${NEEDS} besoins`, needs };
}

/**
 * Ten suppliers of the catalogue for each need, spread over it by a fixed
 * stride, ranked by their real distance; score parts as the matcher words them.
 */
function benchMatch(plan: Plan, catalogue: Catalogue): MatchResult {
  const suppliers = catalogue.suppliers;
  const needs: NeedMatch[] = plan.needs.map((need, i) => {
    const place = need.place ?? { lat: 46.6, lon: 2.4 };
    const picked = Array.from({ length: CANDIDATES_PER_NEED }, (_, k) => {
      const supplier = suppliers[(i * 7919 + k * 389) % suppliers.length];
      if (!supplier) throw new Error('catalogue vide');
      return { supplier, km: distanceKm(place, supplier.location) };
    }).sort((a, b) => a.km - b.km);
    const candidates: Candidate[] = picked.map(({ supplier, km }, k) => {
      const distancePoints = Math.round(300 * Math.max(0, 1 - km / 1000)) / 10;
      return {
        rank: k + 1,
        supplierId: supplier.id,
        supplierName: supplier.name,
        siret: supplier.siret,
        kind: supplier.kind,
        labels: supplier.labels,
        city: supplier.address.city,
        inseeCode: supplier.address.inseeCode,
        location: supplier.location,
        distanceKm: Math.round(km * 10) / 10,
        score: Math.round(((60 + distancePoints) / 90) * 1000) / 10,
        parts: [
          { criterion: 'sector', points: 40, max: 40, explanation: 'Code CPV identique' },
          {
            criterion: 'labels',
            points: 20,
            max: 20,
            explanation: 'Aucun label souhaité',
          },
          {
            criterion: 'distance',
            points: distancePoints,
            max: 30,
            explanation: `À ${km.toFixed(1).replace('.', ',')} km`,
          },
          {
            criterion: 'capacity',
            points: 0,
            max: 0,
            explanation:
              'Capacité et minimum de commande à confirmer auprès du fournisseur',
          },
        ],
        sectorFit: 'code',
        toConfirm: ['capacité', 'minimum de commande'],
        offerId: null,
        annualCapacity: null,
      };
    });
    const byKind = Object.fromEntries(INDICATOR_KINDS.map((kind) => [kind, 0])) as Record<
      IndicatorKind,
      number
    >;
    for (const { supplier } of picked) {
      for (const kind of indicatorKindsOf(supplier)) byKind[kind] += 1;
    }
    return {
      needId: need.id,
      candidates,
      sectorMatches: CANDIDATES_PER_NEED,
      note: null,
      inRange: {
        total: CANDIDATES_PER_NEED,
        byKind,
        reservable: reservableCounts(picked.map((p) => p.supplier)),
      },
    };
  });
  const match: MatchResult = {
    generatedAt: new Date(0).toISOString(),
    catalogueVersion: catalogue.version,
    options: DEFAULT_MATCH_OPTIONS,
    needs,
  };
  const suppliersById = new Map(suppliers.map((s) => [s.id, s]));
  return { ...match, indicators: planIndicators(plan, match, null, suppliersById) };
}

async function runStep(writer: 'streaming' | 'memory'): Promise<StepReport> {
  const inputStart = performance.now();
  const catalogue = readJson<Catalogue>('catalogue.json');
  const plan = benchPlan();
  const input: ReportInput = {
    plan,
    match: benchMatch(plan, catalogue),
    catalogue: {
      summary: {
        version: catalogue.version,
        generatedAt: catalogue.generatedAt,
        loadedAt: catalogue.generatedAt,
        supplierCount: catalogue.suppliers.length,
        datasets: catalogue.datasets,
        databasePath: null,
        notices: [],
      },
      suppliers: new Map(catalogue.suppliers.map((s) => [s.id, s])),
    },
    now: new Date(),
    imported: {},
    buyerName: 'Banc d’essai',
  };
  const rows = reportTables(input, ['besoins'])[0]?.rowCount ?? 0;
  const inputMs = performance.now() - inputStart;
  // ru_maxrss is in kilobytes on Linux.
  const inputRssMb = process.resourceUsage().maxRSS / 1024;

  const dir = mkdtempSync(join(tmpdir(), 'passerelle-bench-report-'));
  const path = join(dir, 'rapport.xlsx');
  try {
    const cpuStart = process.cpuUsage();
    const start = performance.now();
    const output = createWriteStream(path);
    await writeSourcingReport(input, SHEETS, output, {
      streaming: writer === 'streaming',
    });
    if (!output.writableEnded) output.end();
    await finished(output);
    const ms = performance.now() - start;
    const cpu = process.cpuUsage(cpuStart);
    return {
      writer,
      rows,
      inputMs,
      inputRssMb,
      ms,
      cpuMs: (cpu.user + cpu.system) / 1000,
      peakRssMb: process.resourceUsage().maxRSS / 1024,
      fileMb: statSync(path).size / 1024 / 1024,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const TSX = resolve('node_modules', '.bin', 'tsx');
const SELF = resolve('tests', 'bench', 'report.bench.ts');

function stepInChild(writer: string): StepReport {
  const out = execFileSync(TSX, [SELF, 'step', writer], {
    encoding: 'utf8',
    maxBuffer: 1024 * 1024,
  });
  return JSON.parse(out.trim().split('\n').pop() ?? '{}') as StepReport;
}

function main(): void {
  const fmt = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1 });
  const load = (): string =>
    loadavg()
      .map((l) => fmt.format(l))
      .join(' ; ');
  const loadBefore = load();
  const streaming = stepInChild('streaming');
  const memory = stepInChild('memory');
  console.log(
    'écriture    lignes   entrée    durée       CPU  pic mémoire  dont entrée  fichier',
  );
  for (const r of [streaming, memory]) {
    console.log(
      [
        (r.writer === 'streaming' ? 'en flux' : 'en mémoire').padEnd(10),
        fmt.format(r.rows).padStart(8),
        `${fmt.format(r.inputMs / 1000)} s`.padStart(8),
        `${fmt.format(r.ms / 1000)} s`.padStart(8),
        `${fmt.format(r.cpuMs / 1000)} s`.padStart(9),
        `${fmt.format(r.peakRssMb)} Mo`.padStart(12),
        `${fmt.format(r.inputRssMb)} Mo`.padStart(12),
        `${fmt.format(r.fileMb)} Mo`.padStart(8),
      ].join(' '),
    );
  }
  const timeMet = streaming.ms < TARGET_MS;
  const memoryMet = streaming.peakRssMb < TARGET_MB;
  const verdict = (met: boolean): string => (met ? 'atteint' : 'MANQUÉ');
  console.log(
    `  → en flux : < ${TARGET_MS / 1000} s ${verdict(timeMet)}, < ${TARGET_MB} Mo ` +
      `${verdict(memoryMet)} ; ${fmt.format(memory.peakRssMb - streaming.peakRssMb)} Mo ` +
      `de moins qu’en mémoire, ${fmt.format(memory.ms / streaming.ms)} × plus rapide`,
  );
  console.log(
    `charge de la machine (1, 5, 15 min) : ${loadBefore} avant, ${load()} après`,
  );
  if (!timeMet || !memoryMet) process.exitCode = 1;
}

const [command, writer] = process.argv.slice(2);
if (command === 'step' && (writer === 'streaming' || writer === 'memory')) {
  void runStep(writer).then((report) => {
    process.stdout.write(`${JSON.stringify(report)}\n`);
  });
} else {
  main();
}
