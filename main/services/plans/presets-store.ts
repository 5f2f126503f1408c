/**
 * The buyer's score-weight presets, in the `weight_presets` table of
 * plans.sqlite (migration 3), beside the presets shipped with Passerelle,
 * which live in code and are never stored, changed or deleted.
 */
import { randomUUID } from 'node:crypto';
import type { Database, SqlValue } from 'sql.js';
import { DEFAULT_MATCH_OPTIONS } from '../../../shared/matching/match-plan';
import type { ScoreWeights } from '../../../shared/model';
import type {
  WeightPreset,
  WeightPresetRequest,
} from '../../../shared/plan/weight-presets';
import { foldText } from '../../../shared/text/fold-text';
import { UserError } from '../user-error';

const MAX_NAME = 100;
const MAX_WEIGHT = 100;

/** The weights in the order of the table's columns, with their French names. */
const WEIGHT_NAMES: Record<keyof ScoreWeights, string> = {
  sector: 'secteur',
  labels: 'labels',
  distance: 'distance',
  capacity: 'capacité',
};
const WEIGHT_KEYS = Object.keys(WEIGHT_NAMES) as (keyof ScoreWeights)[];

/** Presets shipped with Passerelle, in the order the list shows them. */
export const BUILT_IN_PRESETS: readonly WeightPreset[] = [
  {
    id: 'builtin-equilibre',
    name: 'Équilibré',
    weights: { ...DEFAULT_MATCH_OPTIONS.weights },
    builtIn: true,
  },
  {
    id: 'builtin-proximite',
    name: 'Proximité',
    weights: { sector: 30, labels: 10, distance: 50, capacity: 10 },
    builtIn: true,
  },
  {
    id: 'builtin-inclusion',
    name: 'Inclusion',
    weights: { sector: 30, labels: 45, distance: 15, capacity: 10 },
    builtIn: true,
  },
  {
    id: 'builtin-volumes',
    name: 'Volumes',
    weights: { sector: 30, labels: 10, distance: 20, capacity: 40 },
    builtIn: true,
  },
];

const COLLATOR = new Intl.Collator('fr', { sensitivity: 'base', numeric: true });

function presetOf([id, name, ...weights]: SqlValue[]): WeightPreset {
  const [sector, labels, distance, capacity] = weights.map(Number) as number[];
  return {
    id: String(id),
    name: String(name),
    weights: {
      sector: sector ?? 0,
      labels: labels ?? 0,
      distance: distance ?? 0,
      capacity: capacity ?? 0,
    },
    builtIn: false,
  };
}

function savedPresets(db: Database): WeightPreset[] {
  return (
    db.exec('SELECT id, name, sector, labels, distance, capacity FROM weight_presets')[0]
      ?.values ?? []
  ).map(presetOf);
}

/** The built-in presets first, then the buyer's by name (French collation). */
export function listPresets(db: Database): WeightPreset[] {
  const saved = savedPresets(db).sort(
    (a, b) => COLLATOR.compare(a.name, b.name) || a.id.localeCompare(b.id),
  );
  return [...BUILT_IN_PRESETS, ...saved];
}

function shown(value: unknown): string {
  return typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
}

function checkName(value: unknown): string {
  const name = typeof value === 'string' ? value.trim() : '';
  if (name === '') {
    throw new UserError(
      'Donnez un nom au jeu de pondérations (par exemple « Circuits courts »).',
    );
  }
  if (name.length > MAX_NAME) {
    throw new UserError(
      `Le nom du jeu de pondérations « ${name.slice(0, 40)}… » est trop long ` +
        `(${MAX_NAME} caractères au plus).`,
    );
  }
  return name;
}

/** Each weight an integer from 0 to 100, at least one above 0. */
function checkWeights(value: unknown, name: string): ScoreWeights {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new UserError(
      `Jeu « ${name} » : donnez les pondérations secteur, labels, distance et capacité.`,
    );
  }
  const weights = {} as ScoreWeights;
  for (const key of WEIGHT_KEYS) {
    const weight = (value as Record<string, unknown>)[key];
    if (weight === undefined) {
      throw new UserError(
        `Jeu « ${name} » : la pondération « ${WEIGHT_NAMES[key]} » manque ; donnez ` +
          `un nombre entier de 0 à ${MAX_WEIGHT}.`,
      );
    }
    if (
      typeof weight !== 'number' ||
      !Number.isInteger(weight) ||
      weight < 0 ||
      weight > MAX_WEIGHT
    ) {
      throw new UserError(
        `Jeu « ${name} » : la pondération « ${WEIGHT_NAMES[key]} » vaut ` +
          `« ${shown(weight)} » ; donnez un nombre entier de 0 à ${MAX_WEIGHT}.`,
      );
    }
    weights[key] = weight;
  }
  if (WEIGHT_KEYS.every((key) => weights[key] === 0)) {
    throw new UserError(
      `Jeu « ${name} » : toutes les pondérations valent 0 ; donnez-en au moins une ` +
        'supérieure à 0.',
    );
  }
  return weights;
}

function builtInNamed(id: string): WeightPreset | undefined {
  return BUILT_IN_PRESETS.find((preset) => preset.id === id);
}

function missing(id: string): UserError {
  return new UserError(
    `Le jeu de pondérations « ${id} » n’existe pas (ou plus) : il a peut-être été supprimé.`,
  );
}

/**
 * Creates a preset (no id) or replaces the saved one with that id; names
 * are unique whatever their case and accents. Returns the list.
 */
export function savePreset(
  db: Database,
  request: WeightPresetRequest,
  now: Date,
): WeightPreset[] {
  if (request === null || typeof request !== 'object') {
    throw new UserError('Jeu de pondérations reçu illisible : rien n’est enregistré.');
  }
  const name = checkName(request.name);
  const weights = checkWeights(request.weights, name);
  const id = request.id === undefined || request.id === null ? null : String(request.id);
  const builtIn = id === null ? undefined : builtInNamed(id);
  if (builtIn) {
    throw new UserError(
      `Le jeu « ${builtIn.name} » est fourni avec Passerelle et ne peut pas être ` +
        'modifié : enregistrez vos pondérations sous un autre nom.',
    );
  }
  const saved = savedPresets(db);
  if (id !== null && !saved.some((preset) => preset.id === id)) throw missing(id);
  const key = foldText(name);
  const twin = [...BUILT_IN_PRESETS, ...saved].find(
    (preset) => preset.id !== id && foldText(preset.name) === key,
  );
  if (twin) {
    throw new UserError(
      `Un jeu de pondérations s’appelle déjà « ${twin.name} » : choisissez un autre nom ` +
        `que « ${name} ».`,
    );
  }
  const values = [name, ...WEIGHT_KEYS.map((k) => weights[k]), now.toISOString()];
  if (id === null) {
    db.run(
      'INSERT INTO weight_presets (id, name, sector, labels, distance, capacity, ' +
        'updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      [`preset-${randomUUID()}`, ...values],
    );
  } else {
    db.run(
      'UPDATE weight_presets SET name = ?, sector = ?, labels = ?, distance = ?, ' +
        'capacity = ?, updated_at = ? WHERE id = ?',
      [...values, id],
    );
  }
  return listPresets(db);
}

/** Deletes a saved preset (a built-in one is refused); returns the list. */
export function deletePreset(db: Database, presetId: unknown): WeightPreset[] {
  const id = String(presetId ?? '');
  const builtIn = builtInNamed(id);
  if (builtIn) {
    throw new UserError(
      `Le jeu « ${builtIn.name} » est fourni avec Passerelle et ne peut pas être supprimé.`,
    );
  }
  if (!db.exec('SELECT 1 FROM weight_presets WHERE id = ?', [id])[0]) throw missing(id);
  db.run('DELETE FROM weight_presets WHERE id = ?', [id]);
  return listPresets(db);
}
