/** The feed's JSON Schema (resources/feed.schema.json + catalogue.schema.json), compiled once. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describeSchemaError } from '../database/validate-catalogue';
import { resourcesDir } from '../resource-paths';
import { UserError } from '../user-error';

const FEED_SCHEMA_ID = 'https://passerelle.local/schemas/feed-1.schema.json';
const CATALOGUE_SCHEMA_ID = 'https://passerelle.local/schemas/catalogue-1.schema.json';

/** One validator per part of the feed. */
export interface FeedValidators {
  /** Any feed file (the schema's top level). */
  file: ValidateFunction;
  index: ValidateFunction;
  snapshot: ValidateFunction;
  changes: ValidateFunction;
  supplier: ValidateFunction;
}

/** A schema error as one field and one French reason. */
export interface SchemaProblem {
  field: string;
  reason: string;
}

const cache = new Map<string, FeedValidators>();

function readSchema(dir: string, name: string): object {
  try {
    return JSON.parse(readFileSync(join(dir, name), 'utf8')) as object;
  } catch {
    throw new UserError(
      `Le schéma « ${name} » est introuvable ou illisible dans ${dir}. ` +
        'Réinstallez Passerelle.',
    );
  }
}

function validatorAt(ajv: Ajv2020, ref: string): ValidateFunction {
  const validate = ajv.getSchema(ref);
  if (!validate) throw new Error(`[feed] schema part missing: ${ref}`);
  return validate;
}

let defaultDir: string | null = null;

/**
 * The validators for the schemas in `dir` (resources/ by default, looked up
 * once: the check calls this for every record).
 */
export function feedValidators(
  dir: string = (defaultDir ??= resourcesDir()),
): FeedValidators {
  const cached = cache.get(dir);
  if (cached) return cached;
  // Formats are not checked (no ajv-formats): patterns in the schema do the work.
  const ajv = new Ajv2020({ allErrors: false, strict: false, validateFormats: false });
  ajv.addSchema(readSchema(dir, 'catalogue.schema.json'));
  ajv.addSchema(readSchema(dir, 'feed.schema.json'));
  const validators: FeedValidators = {
    file: validatorAt(ajv, FEED_SCHEMA_ID),
    index: validatorAt(ajv, `${FEED_SCHEMA_ID}#/$defs/index`),
    snapshot: validatorAt(ajv, `${FEED_SCHEMA_ID}#/$defs/snapshot`),
    changes: validatorAt(ajv, `${FEED_SCHEMA_ID}#/$defs/changes`),
    supplier: validatorAt(ajv, `${CATALOGUE_SCHEMA_ID}#/$defs/supplier`),
  };
  cache.set(dir, validators);
  return validators;
}

/** Dotted field of an ajv error, e.g. « address.postcode » or « snapshot.sha256 ». */
function fieldOf(error: ErrorObject): string {
  const path = error.instancePath.slice(1).replace(/\//g, '.');
  const params = error.params as Record<string, unknown>;
  const extra = params['missingProperty'] ?? params['additionalProperty'];
  if (typeof extra === 'string') return path ? `${path}.${extra}` : extra;
  return path || '(racine)';
}

/** The first error of the last validation run, in French; null when it passed. */
export function firstProblem(validate: ValidateFunction): SchemaProblem | null {
  // oneOf reports its branches first: the deepest error says the most.
  const errors = [...(validate.errors ?? [])].sort(
    (a, b) => b.instancePath.length - a.instancePath.length,
  );
  const error = errors[0];
  return error ? { field: fieldOf(error), reason: describeSchemaError(error) } : null;
}
