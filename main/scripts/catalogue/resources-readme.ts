/** Writes resources/README.md: the files, the catalogue format, the sources and the counts. */
import type { CatalogueBuild } from './build-catalogue';
import type { CommunesBuild } from './build-communes';
import { COMMUNES_LICENCE, COMMUNES_SOURCE } from './build-communes';
import { CPV_LICENCE, CPV_SOURCE } from './build-cpv';
import { CATALOGUE_DATASETS } from './datasets';

/** What the README reports. */
export interface ReadmeInputs {
  build: CatalogueBuild;
  issueCounts: Map<string, number>;
  communes: CommunesBuild;
  cpvCodes: number;
}

/** The README text (English for developers; names of data and reasons stay in French). */
export function formatResourcesReadme(inputs: ReadmeInputs): string {
  const { catalogue, counts } = inputs.build;
  const sources = CATALOGUE_DATASETS.map(
    (d) =>
      `- **${d.name}**: \`${d.path}\`, commit \`${d.commit}\`. Licence: ${d.licence}.`,
  );
  const issues = [...inputs.issueCounts].map(
    ([reason, count]) => `| ${reason} | ${count} |`,
  );
  return `${[
    '# resources/',
    '',
    'Data embedded in Passerelle, generated from `../shared/data` by `npm run build:resources`',
    '(`main/scripts/build-resources.ts`). Do not edit the JSON files by hand: edit the mapping',
    'tables in `mappings/` or the build script, rebuild, and review the diff. The build is',
    'deterministic: the same inputs give byte-identical files (set `PASSERELLE_SHARED_DATA` to',
    'read the data elsewhere, `PASSERELLE_CATALOGUE_DATE` to force the catalogue date).',
    '',
    '## Files',
    '',
    '| file | content |',
    '| --- | --- |',
    '| `catalogue.json` | the supplier catalogue (`Catalogue` of `shared/model.ts`), compact JSON |',
    '| `catalogue.schema.json` | JSON Schema (draft 2020-12) of the catalogue, format version 1 |',
    '| `catalogue-rejects.csv` | records left out (`rejet`) or kept with a gap (`avertissement`); `;`, UTF-8 with BOM |',
    '| `communes.json` | communes of COG 2024 with postcodes and coordinates, and the names of the communes déléguées a commune nouvelle took in (`CommunesFile`) |',
    '| `cpv.json` | CPV 2008 nomenclature in French (`CpvFile`): 8 digits, check digit, label |',
    '| `boundaries.json` | outlines of the 96 metropolitan départements and 13 régions for the offline map (`BoundaryLayers`), IGN Admin Express COG 2018 simplified, coordinates to 3 decimals |',
    '| `mappings/naf-sectors.csv` | NAF code → sector ids; `generique=oui` marks codes that say nothing about what is sold |',
    '| `mappings/rome-sectors.csv` | ROME job code (ASP 2019 additional data) → sector ids |',
    '| `mappings/reemploi-sectors.csv` | reuse list `Categorie_produits` / `Domaine` value → sector ids |',
    '| `mappings/sector-cpv.csv` | sector id → CPV codes (with the nomenclature label, checked at build) |',
    '',
    '## Catalogue format (formatVersion 1)',
    '',
    '- `format`: always `passerelle-catalogue`; `formatVersion`: 1. The format version changes only',
    '  when a reader of the previous version could misread the file.',
    '- `version`: `yyyy.mm.dd-<hash>`, the date of the newest input record and the first 8 hex digits',
    '  of a SHA-256 of the content; `generatedAt`: that date. Neither depends on the clock.',
    '- `datasets`: source data sets with licence, URL and the number of suppliers citing them.',
    '- `sectors`: the 154 sectors of the taxonomy, each with its CPV codes (`mappings/sector-cpv.csv`).',
    '- `suppliers`, sorted by `id` (`siret-<SIRET>` when the SIRET is valid, else `<data set>-<record>`):',
    '  `siret`, `name`, `brand`, `kind`, `labels` (sorted), `naf`, `sectorIds` (from NAF, ROME and',
    "  reuse categories), `cpv` (union of the sectors' codes), `description`, `website` (http/https",
    '  only), `address` (`postcode` and `inseeCode` as text), `location` (WGS84), `serviceArea`',
    '  (null when unknown), `offers` (always empty: no public source gives capacities or minimum',
    '  orders), `sources` (data set, record id, licence, URL). Optional `email` and `phone` (after',
    '  `website`) are absent here: no source of this build gives contacts; synced sources may.',
    '- Labels: every insertion structure has `insertion` (EA: `handicap`); legal forms of the ASP list',
    '  add `scop`, `scic`, and `ess` for associations, cooperatives, foundations and mutuals (ESS by',
    '  law, loi n° 2014-856 art. 1); reuse actors have `reemploi`, and `insertion`, `ess`, `handicap`,',
    '  `esus` from their status and certifications.',
    '',
    '## Sources',
    '',
    ...sources,
    `- **Communes**: ${COMMUNES_SOURCE}. Licence: ${COMMUNES_LICENCE}.`,
    `- **CPV**: ${CPV_SOURCE}. Licence: ${CPV_LICENCE}.`,
    '',
    '## Counts of this build',
    '',
    `- Catalogue version \`${catalogue.version}\`: **${catalogue.suppliers.length} suppliers**, ${catalogue.sectors.length} sectors.`,
    `- Inclusion fixture: ${counts.inclusionRecords} records read. Reuse list: ${counts.reemploiRecords} records read, ${counts.reemploiMerged} merged by SIRET into an inclusion supplier.`,
    `- Communes: ${inputs.communes.file.communes.length} INSEE codes; left out for lack of coordinates: ${inputs.communes.skipped.join(', ')}.`,
    `- CPV codes: ${inputs.cpvCodes}.`,
    '',
    '| severity : reason | records |',
    '| --- | --- |',
    ...issues,
  ].join('\n')}\n`;
}
