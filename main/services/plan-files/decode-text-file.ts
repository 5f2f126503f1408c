/** Finds the encoding of a text file (CSV, .txt) from its bytes and decodes it. */
import { UserError } from '../user-error';
import { decodeWindows1252 } from './decode-windows-1252';

export type TextEncodingName = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

/** A decoded file; `strayBytes` when UTF-8 text holds bytes that are not UTF-8. */
export interface DecodedText {
  text: string;
  encoding: TextEncodingName;
  /** Set when invalid bytes were decoded as U+FFFD in a file that is UTF-8 otherwise. */
  strayBytes: boolean;
}

const SAMPLE_BYTES = 4096;

/** The encoding a byte order mark announces, and the mark's length. */
function byteOrderMark(
  bytes: Uint8Array,
): { encoding: TextEncodingName; length: number } | null {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { encoding: 'utf-8', length: 3 };
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { encoding: 'utf-16le', length: 2 };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { encoding: 'utf-16be', length: 2 };
  return null;
}

/**
 * UTF-16 without a byte order mark, told by where its NUL bytes fall: Latin
 * text (accented letters included, up to U+00FF) has a NUL as the high byte
 * of most characters, second in little endian, first in big endian. Plain
 * text in any 8-bit encoding has no NUL at all.
 */
function utf16ByNulPattern(bytes: Uint8Array): TextEncodingName | null {
  const sample = bytes.subarray(0, Math.min(bytes.length, SAMPLE_BYTES) & ~1);
  const units = sample.length / 2;
  if (units < 2) return null;
  let evenNuls = 0;
  let oddNuls = 0;
  for (let i = 0; i < sample.length; i += 2) {
    if (sample[i] === 0) evenNuls += 1;
    if (sample[i + 1] === 0) oddNuls += 1;
  }
  // Half the characters in U+0000–U+00FF, and almost no NUL on the other side.
  if (oddNuls >= units / 2 && evenNuls <= units / 20) return 'utf-16le';
  if (evenNuls >= units / 2 && oddNuls <= units / 20) return 'utf-16be';
  return null;
}

/** Bytes of the UTF-8 sequence a lead byte starts; 0 for a byte no sequence starts with. */
function sequenceLength(lead: number): number {
  if (lead < 0x80) return 1;
  if (lead >= 0xc2 && lead <= 0xdf) return 2;
  if (lead >= 0xe0 && lead <= 0xef) return 3;
  if (lead >= 0xf0 && lead <= 0xf4) return 4;
  return 0;
}

/** Counts the well-formed multi-byte UTF-8 sequences and the bytes outside any. */
function utf8Sequences(bytes: Uint8Array): { valid: number; invalid: number } {
  let valid = 0;
  let invalid = 0;
  let i = 0;
  while (i < bytes.length) {
    const length = sequenceLength(bytes[i] as number);
    let ok = length > 0 && i + length <= bytes.length;
    for (let k = 1; ok && k < length; k += 1) {
      ok = ((bytes[i + k] as number) & 0xc0) === 0x80;
    }
    if (length === 1) i += 1;
    else if (ok) {
      valid += 1;
      i += length;
    } else {
      invalid += 1;
      i += 1;
    }
  }
  return { valid, invalid };
}

/**
 * Bytes with neither a byte order mark nor a UTF-16 pattern are UTF-8 when
 * they are valid UTF-8, else Windows-1252 (French Excel's « CSV (séparateur :
 * point-virgule) »). A Windows-1252 text is valid UTF-8 by accident only when
 * it is pure ASCII (then both read the same) or when every accented letter
 * happens to be followed by the exact bytes of a UTF-8 continuation, such as
 * « Ã© »: no real French text does that. The other way round, a UTF-8 file
 * with a few stray Windows-1252 bytes (a line pasted from another file) has
 * more valid multi-byte sequences than stray bytes: it is kept as UTF-8 and
 * flagged, rather than turned into « IntitulÃ© » from top to bottom.
 */
function decodeEightBit(bytes: Uint8Array): DecodedText {
  try {
    const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
    return { text, encoding: 'utf-8', strayBytes: false };
  } catch {
    const { valid, invalid } = utf8Sequences(bytes);
    if (valid > invalid) return decodeUtf8WithStrays(bytes);
    return {
      text: decodeWindows1252(bytes),
      encoding: 'windows-1252',
      strayBytes: false,
    };
  }
}

function decodeUtf8WithStrays(bytes: Uint8Array): DecodedText {
  const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
  return { text, encoding: 'utf-8', strayBytes: true };
}

function unreadable(fileName: string): UserError {
  return new UserError(
    `Le fichier « ${fileName} » n’est pas un fichier CSV lisible (contenu binaire). ` +
      'Enregistrez le plan au format CSV ou .xlsx.',
  );
}

/** True when more than 1 % of the first characters are control characters (or any is NUL). */
function looksBinary(text: string): boolean {
  const sample = text.slice(0, SAMPLE_BYTES);
  let controls = 0;
  for (const char of sample) {
    const code = char.charCodeAt(0);
    if (code === 0) return true;
    const c0 = code < 0x20 && char !== '\t' && char !== '\n' && char !== '\r';
    if (c0 || (code >= 0x7f && code <= 0x9f)) controls += 1;
  }
  return controls > sample.length / 100;
}

/**
 * The text of a file the user gave, by its byte order mark (UTF-8, UTF-16 LE
 * or BE, as Excel reads them), else by its bytes; the mark is not part of the
 * text. A file that is no text gets a French UserError.
 */
export function decodeTextFile(bytes: Uint8Array, fileName: string): DecodedText {
  const mark = byteOrderMark(bytes);
  const utf16 = mark ? null : utf16ByNulPattern(bytes);
  let decoded: DecodedText;
  if (mark?.encoding === 'utf-8') {
    const body = bytes.subarray(mark.length);
    // The mark says UTF-8: invalid bytes are strays, never a reason to switch.
    try {
      const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(
        body,
      );
      decoded = { text, encoding: 'utf-8', strayBytes: false };
    } catch {
      decoded = decodeUtf8WithStrays(body);
    }
  } else if (mark || utf16) {
    const encoding = (mark?.encoding ?? utf16) as TextEncodingName;
    try {
      const text = new TextDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(
        bytes.subarray(mark?.length ?? 0),
      );
      decoded = { text, encoding, strayBytes: false };
    } catch {
      // An odd number of bytes or a lone surrogate: not UTF-16 text after all.
      throw unreadable(fileName);
    }
  } else {
    decoded = decodeEightBit(bytes);
  }
  if (looksBinary(decoded.text)) throw unreadable(fileName);
  return decoded;
}
