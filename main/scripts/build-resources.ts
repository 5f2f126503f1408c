/** Builds resources/ (catalogue, communes, CPV, rejects, README) from ../shared/data, deterministically. */
import { resolve } from 'node:path';
import { writeBoundaries } from './build-boundaries';
import { buildCatalogue } from './catalogue/build-catalogue';
import { buildCommunes } from './catalogue/build-communes';
import { buildCpv } from './catalogue/build-cpv';
import { countIssues, formatIssuesCsv } from './catalogue/catalogue-issues';
import { loadMappings, readSectorIds } from './catalogue/mappings';
import { dataFile, resourcesDir } from './catalogue/paths';
import { formatResourcesReadme } from './catalogue/resources-readme';
import { catalogueSchemaErrors } from './catalogue/validate-catalogue';
import { writeFileAtomic } from './catalogue/write-atomic';

function main(): void {
  const out = resourcesDir();
  const communes = buildCommunes(dataFile('geo/communes/communes_france_2024.csv'));
  const cpv = buildCpv(dataFile('procurement/cpv-2008-fr.csv'));
  const sectorIds = readSectorIds(dataFile('suppliers/inclusion/lemarche_secteurs.csv'));
  const mappings = loadMappings(resolve(out, 'mappings'), sectorIds, cpv);
  const build = buildCatalogue(communes.file.communes, mappings);

  const errors = catalogueSchemaErrors(
    resolve(out, 'catalogue.schema.json'),
    build.catalogue,
  );
  if (errors.length > 0) {
    throw new Error(
      `Le catalogue produit ne respecte pas son schéma :\n${errors.slice(0, 20).join('\n')}`,
    );
  }
  const issueCounts = countIssues(build.issues);
  writeFileAtomic(resolve(out, 'communes.json'), JSON.stringify(communes.file));
  writeFileAtomic(resolve(out, 'cpv.json'), JSON.stringify(cpv));
  writeFileAtomic(resolve(out, 'catalogue.json'), JSON.stringify(build.catalogue));
  writeFileAtomic(resolve(out, 'catalogue-rejects.csv'), formatIssuesCsv(build.issues));
  writeBoundaries(out);
  writeFileAtomic(
    resolve(out, 'README.md'),
    formatResourcesReadme({ build, issueCounts, communes, cpvCodes: cpv.codes.length }),
  );

  const { counts, catalogue } = build;
  console.log(`[resources] communes : ${communes.file.communes.length} écrites`);
  console.log(
    `[resources] communes sans coordonnées, ignorées : ${communes.skipped.join(', ')}`,
  );
  console.log(`[resources] codes CPV : ${cpv.codes.length}`);
  console.log(
    `[resources] fournisseurs : ${catalogue.suppliers.length} (inclusion ${counts.inclusionRecords} lus, réemploi ${counts.reemploiRecords} lus dont ${counts.reemploiMerged} fusionnés par SIRET)`,
  );
  for (const [reason, count] of issueCounts)
    console.log(`[resources]   ${count} × ${reason}`);
  console.log(`[resources] version du catalogue : ${catalogue.version}`);
}

try {
  main();
} catch (error) {
  console.error(
    `[resources] échec : ${error instanceof Error ? error.message : String(error)}`,
  );
  process.exit(1);
}
