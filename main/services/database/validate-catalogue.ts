/** Checks a catalogue file given by the user against resources/catalogue.schema.json. */
import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { Ajv, type ErrorObject } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { Catalogue, ImportIssue } from '../../../shared/model';
import { UserError } from '../user-error';
import { jsonErrorPosition } from './json-error-position';

const MAX_LISTED_ERRORS = 20;

function fieldOf(error: ErrorObject): string {
  const path = error.instancePath.replace(/^\//, '').replace(/\//g, '.');
  if (error.keyword === 'required') {
    const missing = String(
      (error.params as { missingProperty?: string }).missingProperty,
    );
    return path ? `${path}.${missing}` : missing;
  }
  if (error.keyword === 'additionalProperties') {
    const extra = String(
      (error.params as { additionalProperty?: string }).additionalProperty,
    );
    return path ? `${path}.${extra}` : extra;
  }
  return path || '(racine)';
}

const TYPE_NAMES: Record<string, string> = {
  string: 'du texte',
  number: 'un nombre',
  integer: 'un nombre entier',
  boolean: 'vrai ou faux',
  object: 'un objet',
  array: 'une liste',
  null: 'vide (null)',
};

/** A French sentence for one schema error. */
export function describeSchemaError(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return 'champ obligatoire absent';
    case 'type': {
      const types = String(params['type']).split(',');
      return `doit être ${types.map((t) => TYPE_NAMES[t] ?? t).join(' ou ')}`;
    }
    case 'enum':
      return `valeur non admise (valeurs possibles : ${(
        params['allowedValues'] as unknown[]
      ).join(', ')})`;
    case 'const':
      return `doit valoir ${JSON.stringify(params['allowedValue'])}`;
    case 'pattern':
      return `format non conforme (motif attendu : ${String(params['pattern'])})`;
    case 'minimum':
    case 'exclusiveMinimum':
      return `valeur trop petite (minimum ${String(params['limit'])})`;
    case 'maximum':
    case 'exclusiveMaximum':
      return `valeur trop grande (maximum ${String(params['limit'])})`;
    case 'minLength':
      return `texte trop court (au moins ${String(params['limit'])} caractères)`;
    case 'maxLength':
      return `texte trop long (au plus ${String(params['limit'])} caractères)`;
    case 'minItems':
      return `liste trop courte (au moins ${String(params['limit'])} éléments)`;
    case 'additionalProperties':
      return 'champ inconnu du format';
    case 'oneOf':
    case 'anyOf':
      return 'ne correspond à aucune des formes admises';
    default:
      return `non conforme (${error.keyword})`;
  }
}

function valueAt(data: unknown, instancePath: string): string {
  let node: unknown = data;
  for (const part of instancePath.split('/').slice(1)) {
    if (node === null || typeof node !== 'object') return '';
    node = (node as Record<string, unknown>)[
      part.replace(/~1/g, '/').replace(/~0/g, '~')
    ];
  }
  if (node === undefined) return '';
  const text = typeof node === 'string' ? node : JSON.stringify(node);
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
}

/**
 * Parses and validates a catalogue file; throws a UserError whose issues name
 * each faulty field (e.g. « suppliers.12.siret : doit être du texte »).
 */
export async function validateCatalogue(
  text: string,
  fileName: string,
  resourcesDir: string,
): Promise<Catalogue> {
  const name = basename(fileName);
  const json = text.replace(/^\uFEFF/, '');
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch {
    // V8's message is English and not always placed: find the place ourselves.
    const at = jsonErrorPosition(json);
    const where = at ? ` (ligne ${at.line}, colonne ${at.column})` : '';
    throw new UserError(`Le catalogue « ${name} » n’est pas un JSON valide${where}.`);
  }
  const schema = JSON.parse(
    await readFile(join(resourcesDir, 'catalogue.schema.json'), 'utf8'),
  ) as { $schema?: string };
  // Formats (date-time, uri) are not checked: ajv-formats is not a dependency.
  const options = { allErrors: true, strict: false, validateFormats: false } as const;
  const ajv = String(schema.$schema ?? '').includes('2020-12')
    ? new Ajv2020(options)
    : new Ajv(options);
  const validate = ajv.compile(schema);
  if (validate(data)) return data as Catalogue;

  const errors = validate.errors ?? [];
  const issues: ImportIssue[] = errors.slice(0, MAX_LISTED_ERRORS).map((error) => ({
    file: name,
    row: 0,
    column: fieldOf(error),
    value: valueAt(data, error.instancePath),
    message: `${fieldOf(error)} : ${describeSchemaError(error)}`,
  }));
  const first = issues[0];
  const more = errors.length > 1 ? ` (${errors.length} erreurs en tout)` : '';
  throw new UserError(
    `Le catalogue « ${name} » ne respecte pas le format Passerelle${more} : ` +
      `${first ? first.message : 'erreur inconnue'}.`,
    issues,
  );
}
