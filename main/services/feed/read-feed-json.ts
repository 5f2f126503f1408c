/** The first checks of a downloaded feed file: not a web page, UTF-8, JSON. */
import { formatFrenchNumber } from '../../../shared/plan/parse-french-number';
import { jsonErrorPosition } from '../database/json-error-position';
import { UserError } from '../user-error';

/** « 1 234 octets » with French digit grouping. */
export function frenchBytes(count: number): string {
  return `${formatFrenchNumber(count, 0)} octet${count > 1 ? 's' : ''}`;
}

/** The page's <title>, when the bytes are an HTML page. */
function htmlTitle(text: string): string | null {
  const match = /<title[^>]*>([^<]{1,120})/i.exec(text);
  const title = match?.[1]?.replace(/\s+/g, ' ').trim();
  return title ? title : null;
}

/** True when the text starts like HTML or XML rather than JSON. */
function looksLikeMarkup(text: string): boolean {
  return /^\s*</.test(text);
}

/**
 * Parses a feed file. `shownName` names it in messages (its URL or file
 * name); `expectedBytes`, when known, tells a cut-off download from a bad file.
 */
export function readFeedJson(
  bytes: Uint8Array,
  shownName: string,
  expectedBytes?: number,
): unknown {
  if (bytes.length === 0) {
    throw new UserError(`Le fichier « ${shownName} » du flux est vide.`);
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new UserError(
      `Le fichier « ${shownName} » du flux n’est pas un texte UTF-8 : ` +
        'ce n’est pas un fichier du flux Passerelle.',
    );
  }
  text = text.replace(/^\uFEFF/, '');
  if (looksLikeMarkup(text)) {
    const title = htmlTitle(text);
    throw new UserError(
      `Le serveur a renvoyé une page web${title ? ` (« ${title} »)` : ''} ` +
        `au lieu du fichier « ${shownName} » du flux : une page de connexion ou ` +
        'un portail d’accès s’interpose sans doute entre Passerelle et le serveur.',
    );
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    if (expectedBytes !== undefined && bytes.length < expectedBytes) {
      throw new UserError(
        `Le fichier « ${shownName} » du flux est incomplet : ` +
          `${frenchBytes(bytes.length)} reçus sur ${frenchBytes(expectedBytes)} ` +
          'annoncés (téléchargement ou copie interrompus).',
      );
    }
    const at = jsonErrorPosition(text);
    const where = at ? ` (ligne ${at.line}, colonne ${at.column})` : '';
    throw new UserError(
      `Le fichier « ${shownName} » du flux n’est pas un JSON valide${where}.`,
    );
  }
}

/** The value of `key` of a parsed object, or undefined. */
export function fieldOf(data: unknown, key: string): unknown {
  return data !== null && typeof data === 'object' && !Array.isArray(data)
    ? (data as Record<string, unknown>)[key]
    : undefined;
}

/** Checks `format` and `formatVersion` against what the caller expects. */
export function checkFormat(
  data: unknown,
  expected: string,
  what: string,
  shownName: string,
): void {
  const format = fieldOf(data, 'format');
  if (format !== expected) {
    const found =
      typeof format === 'string'
        ? `il porte le format « ${format} » au lieu de « ${expected} »`
        : `il n’a pas de champ « format » (« ${expected} » attendu)`;
    throw new UserError(`Le fichier « ${shownName} » n’est pas ${what} : ${found}.`);
  }
  const version = fieldOf(data, 'formatVersion');
  if (version !== 1) {
    throw new UserError(
      `Le fichier « ${shownName} » est dans une version du format des flux ` +
        `(${String(version)}) que cette version de Passerelle ne sait pas lire : ` +
        'mettez Passerelle à jour.',
    );
  }
}
