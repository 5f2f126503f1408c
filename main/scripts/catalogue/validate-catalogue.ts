/** Checks a catalogue against resources/catalogue.schema.json with ajv (JSON Schema 2020-12). */
import { readFileSync } from 'node:fs';
import Ajv2020 from 'ajv/dist/2020';

/** The schema errors of a catalogue, as readable lines; empty when valid. */
export function catalogueSchemaErrors(schemaPath: string, catalogue: unknown): string[] {
  const schema = JSON.parse(readFileSync(schemaPath, 'utf8')) as object;
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  const validate = ajv.compile(schema);
  if (validate(catalogue)) return [];
  return (validate.errors ?? []).map(
    (error) =>
      `${error.instancePath || '/'} ${error.message ?? ''} ${JSON.stringify(error.params)}`,
  );
}
