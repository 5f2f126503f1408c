/** Assembles the catalogue from the supplier files, the sectors and the mappings. */
import type { Catalogue, CommuneRecord, Supplier } from '../../../shared/model';
import type { CatalogueIssue } from './catalogue-issues';
import { catalogueDate, catalogueVersion, frenchDatesIn } from './catalogue-version';
import { CommuneFinder } from '../../../shared/catalogue/commune-finder';
import {
  ASP_DATASET,
  ASP_EXTRA_DATASET,
  INCLUSION_DATASET,
  REEMPLOI_DATASET,
  type DatasetInfo,
} from './datasets';
import { buildInclusionSuppliers } from './inclusion-suppliers';
import { buildSectors, type Mappings } from './mappings';
import { dataFile } from './paths';
import { field, readCsv } from './read-csv';
import { addReemploiSuppliers } from './reemploi-suppliers';
import { compareText } from '../../../shared/catalogue/text';

/** The catalogue and what the build counted on the way. */
export interface CatalogueBuild {
  catalogue: Catalogue;
  issues: CatalogueIssue[];
  counts: {
    inclusionRecords: number;
    reemploiRecords: number;
    reemploiMerged: number;
  };
}

/** Reads the supplier files and builds the catalogue (not yet validated nor written). */
export function buildCatalogue(
  communes: CommuneRecord[],
  mappings: Mappings,
): CatalogueBuild {
  const structures = readCsv(dataFile(INCLUSION_DATASET.path));
  const aspList = readCsv(dataFile(ASP_DATASET.path), ';');
  const aspExtra = readCsv(dataFile(ASP_EXTRA_DATASET.path), ';');
  const reemploi = readCsv(dataFile(REEMPLOI_DATASET.path));
  const context = {
    mappings,
    communes: new CommuneFinder(communes),
    issues: [] as CatalogueIssue[],
  };

  const inclusion = buildInclusionSuppliers({ structures, aspList, aspExtra }, context);
  const bySiret = new Map(
    inclusion.flatMap((s) => (s.siret ? [[s.siret, s] as const] : [])),
  );
  const regions = new Map(communes.map((c) => [c.departement, c.region]));
  const reuse = addReemploiSuppliers(reemploi, bySiret, regions, context);
  const suppliers = [...inclusion, ...reuse.added].sort((a, b) =>
    compareText(a.id, b.id),
  );
  assertUniqueIds(suppliers);

  const sectors = buildSectors(
    dataFile('suppliers/inclusion/lemarche_secteurs.csv'),
    mappings,
  );
  const datasets = [
    INCLUSION_DATASET,
    ASP_DATASET,
    ASP_EXTRA_DATASET,
    REEMPLOI_DATASET,
  ].map((dataset) => datasetEntry(dataset, suppliers));
  const generatedAt = catalogueDate([
    ...structures.map((r) => field(r, 'updated_at')),
    ...reemploi.flatMap((r) => frenchDatesIn(field(r, 'Source'))),
  ]);
  const content = JSON.stringify({ datasets, sectors, suppliers });
  const catalogue: Catalogue = {
    format: 'passerelle-catalogue',
    formatVersion: 1,
    version: catalogueVersion(generatedAt, content),
    generatedAt,
    datasets,
    sectors,
    suppliers,
  };
  return {
    catalogue,
    issues: dropSolvedWarnings(context.issues, suppliers),
    counts: {
      inclusionRecords: structures.length,
      reemploiRecords: reemploi.length,
      reemploiMerged: reuse.merged,
    },
  };
}

function datasetEntry(
  dataset: DatasetInfo,
  suppliers: Supplier[],
): Catalogue['datasets'][number] {
  const records = suppliers.filter((s) =>
    s.sources.some((src) => src.dataset === dataset.name),
  ).length;
  return { name: dataset.name, licence: dataset.licence, url: dataset.url, records };
}

/** A "no sector" warning no longer holds once a merge gave the supplier sectors. */
function dropSolvedWarnings(
  issues: CatalogueIssue[],
  suppliers: Supplier[],
): CatalogueIssue[] {
  const withSectors = new Set(
    suppliers
      .filter((s) => s.sectorIds.length > 0)
      .flatMap((s) => s.sources.map((src) => `${src.dataset}|${src.recordId}`)),
  );
  return issues.filter(
    (issue) =>
      !(
        issue.reason.startsWith('aucun secteur') &&
        withSectors.has(`${issue.dataset}|${issue.recordId}`)
      ),
  );
}

function assertUniqueIds(suppliers: Supplier[]): void {
  const seen = new Set<string>();
  for (const supplier of suppliers) {
    if (seen.has(supplier.id))
      throw new Error(`Identifiant de fournisseur en double : ${supplier.id}`);
    seen.add(supplier.id);
  }
}
