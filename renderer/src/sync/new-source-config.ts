/**
 * The « Ajouter une source » form turned into a SourceConfig: a free id made
 * from the name, the address checked, or the French reason it cannot be saved.
 */
import type { SourceConfig, SourceKind } from '../../../shared/feed/sync-types';

/** Kinds the screen can add; a spreadsheet source is added on the command line. */
export type AddableKind = Extract<
  SourceKind,
  'passerelle-feed' | 'gogocarto' | 'inclusion-api'
>;

export const ADDABLE_KINDS: readonly AddableKind[] = [
  'passerelle-feed',
  'gogocarto',
  'inclusion-api',
];

/** The form as typed. */
export interface NewSourceForm {
  kind: AddableKind;
  name: string;
  url: string;
  /** API token; ignored for the other kinds. */
  token: string;
  licence: string;
}

/** Licence written when the buyer gives none (the same words as the CLI). */
export const DEFAULT_LICENCE = 'Licence non précisée';

/** What each kind's address is, for the label and the messages. */
export const URL_HINTS: Record<AddableKind, string> = {
  'passerelle-feed': 'adresse du fichier feed.json du flux',
  gogocarto: 'adresse de la carte (ou de son api/elements.json)',
  'inclusion-api': 'adresse de la liste des structures de l’API',
};

/** Ids the services keep for their own sources. */
const RESERVED_IDS = new Set(['embedded', 'catalogue-file']);
const MAX_ID_LENGTH = 64;

/** « Réseau Hauts-de-France (flux) » → « reseau-hauts-de-france-flux ». */
export function slugFromName(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, MAX_ID_LENGTH - 4)
    .replace(/-+$/g, '');
}

/** An id made from the name that no source holds yet: « flux », « flux-2 »… */
export function freeSourceId(name: string, taken: ReadonlySet<string>): string {
  const base = slugFromName(name) || 'source';
  let id = base;
  for (let n = 2; taken.has(id) || RESERVED_IDS.has(id); n += 1) id = `${base}-${n}`;
  return id;
}

/** Why an address cannot be used, or null. */
export function urlProblem(kind: AddableKind, url: string): string | null {
  const trimmed = url.trim();
  if (trimmed === '') return `Indiquez l’${URL_HINTS[kind]}.`;
  let parsed: URL;
  try {
    parsed = new URL(trimmed);
  } catch {
    return `« ${trimmed} » n’est pas une adresse web : elle doit commencer par http:// ou https://.`;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    return `« ${trimmed} » n’est pas une adresse web : elle doit commencer par http:// ou https://.`;
  }
  return null;
}

/** The configuration to save, or the French messages of each field to fix. */
export function newSourceConfig(
  form: NewSourceForm,
  taken: ReadonlySet<string>,
):
  | { config: SourceConfig }
  | { problems: Partial<Record<'name' | 'url' | 'token', string>> } {
  const problems: Partial<Record<'name' | 'url' | 'token', string>> = {};
  const name = form.name.trim();
  if (name === '') problems.name = 'Donnez un nom à la source.';
  const url = urlProblem(form.kind, form.url);
  if (url) problems.url = url;
  if (form.kind === 'inclusion-api' && form.token.trim() === '') {
    problems.token =
      'L’API demande un jeton d’accès : collez celui qu’elle vous a donné.';
  }
  if (Object.keys(problems).length > 0) return { problems };

  const base = {
    id: freeSourceId(name, taken),
    name,
    enabled: true,
    licence: form.licence.trim() || DEFAULT_LICENCE,
    url: form.url.trim(),
  };
  switch (form.kind) {
    case 'passerelle-feed':
      return { config: { ...base, kind: 'passerelle-feed' } };
    case 'gogocarto':
      return { config: { ...base, kind: 'gogocarto', mapping: [] } };
    case 'inclusion-api':
      return { config: { ...base, kind: 'inclusion-api', token: form.token.trim() } };
  }
}
