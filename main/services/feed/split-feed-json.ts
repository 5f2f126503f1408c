/**
 * Cuts a feed file's supplier list into its suppliers, to parse one at a time.
 *
 * JSON.parse of a 113 Mo snapshot holds the event loop for most of a second
 * and needs the whole text as one string. A feed file is an object whose
 * list (`suppliers` or `upserts`) holds nearly all of its bytes, so the
 * bytes are scanned for that list's members (JSON's structural characters
 * are ASCII and never occur inside a multi-byte UTF-8 character); the rest
 * of the object is parsed on its own, and each member when the caller wants
 * it (parseMember). Anything unusual in the structure (not an object, the
 * list missing or not an array, a key the rest of the object cannot parse)
 * gives null, and a key given twice is named: the caller then parses the
 * whole file the usual way, which finds and explains the problem.
 */
import type { Steps } from '../run-steps';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;

/** Bytes scanned between two pauses. */
const SCAN_SLICE = 1 << 20;

function isSpace(byte: number | undefined): boolean {
  return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;
}

/**
 * The first quote at or after `from` that is not escaped (an odd run of
 * backslashes before it escapes it), found by the engine's native search;
 * -1 when the bytes end first.
 */
function closingQuote(bytes: Uint8Array, from: number): number {
  for (let quote = bytes.indexOf(QUOTE, from); quote >= 0;) {
    let backslashes = 0;
    while (
      quote - backslashes - 1 >= from &&
      bytes[quote - backslashes - 1] === BACKSLASH
    ) {
      backslashes += 1;
    }
    if (backslashes % 2 === 0) return quote;
    quote = bytes.indexOf(QUOTE, quote + 1);
  }
  return -1;
}

/** Where the list is: its brackets and each member's [start, end) byte range. */
interface ListPlace {
  open: number;
  close: number;
  members: [number, number][];
}

/** A top-level key given twice: JSON.parse would silently keep the last value. */
export interface DuplicateKey {
  duplicateKey: string;
}

/**
 * Finds the array under the top-level `key` and its members, by bytes.
 * Null when the file is not shaped so (the caller parses it whole).
 */
function* findList(
  bytes: Uint8Array,
  key: string,
): Steps<ListPlace | DuplicateKey | null> {
  const keys = new Set<string>();
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let i = 0;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) i = 3;
  while (isSpace(bytes[i])) i += 1;
  if (bytes[i] !== OPEN_BRACE) return null;

  let depth = 0;
  let inString = false;
  let stringStart = -1;
  /** The last string closed at depth 1: a key when a colon follows. */
  let lastString: [number, number] | null = null;
  let place: ListPlace | null = null;
  let listDepth = -1;
  let memberStart = -1;
  let nextPause = i + SCAN_SLICE;

  for (; i < bytes.length; i += 1) {
    if (i >= nextPause) {
      nextPause += SCAN_SLICE;
      yield;
    }
    if (inString) {
      // Most bytes are inside strings: jump to the quote that ends this one.
      const end = closingQuote(bytes, i);
      if (end < 0) return null;
      i = end;
      inString = false;
      if (depth === 1) lastString = [stringStart, i + 1];
      continue;
    }
    const byte = bytes[i];
    if (byte === QUOTE) {
      inString = true;
      stringStart = i;
      if (depth === listDepth && memberStart < 0) memberStart = i;
      continue;
    }
    if (isSpace(byte)) continue;
    if (
      depth === listDepth &&
      memberStart < 0 &&
      byte !== CLOSE_BRACKET &&
      byte !== COMMA
    ) {
      memberStart = i;
    }
    if (byte === COLON && depth === 1 && lastString) {
      const [start, end] = lastString;
      lastString = null;
      // Keys are compared as JSON reads them: "\u0073uppliers" is "suppliers".
      let name: unknown;
      try {
        name = JSON.parse(decoder.decode(bytes.subarray(start, end)));
      } catch {
        return null;
      }
      if (typeof name !== 'string') return null;
      if (keys.has(name)) return { duplicateKey: name };
      keys.add(name);
      if (name !== key) continue;
      let j = i + 1;
      while (isSpace(bytes[j])) j += 1;
      if (bytes[j] !== OPEN_BRACKET) return null;
      place = { open: j, close: -1, members: [] };
      listDepth = 2;
      depth = 2;
      i = j;
      continue;
    }
    if (byte === OPEN_BRACE || byte === OPEN_BRACKET) {
      depth += 1;
    } else if (byte === CLOSE_BRACE || byte === CLOSE_BRACKET) {
      if (depth === listDepth) {
        // The list closes: its last member ends here.
        if (memberStart >= 0) place?.members.push([memberStart, i]);
        else if ((place?.members.length ?? 0) > 0) return null; // "[1,]"
        memberStart = -1;
        if (place) place.close = i;
        listDepth = -1;
      }
      depth -= 1;
      if (depth < 0) return null;
    } else if (byte === COMMA && depth === listDepth) {
      if (memberStart < 0) return null; // "[,1]" or "[1,,2]"
      place?.members.push([memberStart, i]);
      memberStart = -1;
    }
  }
  if (!place || place.close < 0 || depth !== 0 || inString) return null;
  return place;
}

/** A feed file cut at its list: the rest of the object parsed, each member as bytes. */
export interface SplitFeedJson {
  /** The top-level object, its `key` list left empty. */
  envelope: Record<string, unknown>;
  /** Each member's [start, end) byte range, in order; not parsed yet. */
  members: [number, number][];
}

/**
 * The file's top-level object with its `key` list emptied, and where each
 * member of that list lies; the key found twice at the top level; or null
 * when the file is not an object with that list, or the rest of it fails to
 * parse. Members are left for the caller to parse (and to drop) one by one.
 */
export function* splitFeedJson(
  bytes: Uint8Array,
  key: string,
): Steps<SplitFeedJson | DuplicateKey | null> {
  const place = yield* findList(bytes, key);
  if (!place || 'duplicateKey' in place) return place;
  const decoder = new TextDecoder('utf-8', { fatal: true });
  try {
    const text = (from: number, to: number): string =>
      decoder.decode(bytes.subarray(from, to));
    const envelope = JSON.parse(
      `${text(0, place.open).replace(/^\uFEFF/, '')}[]${text(place.close + 1, bytes.length)}`,
    ) as unknown;
    if (envelope === null || typeof envelope !== 'object' || Array.isArray(envelope)) {
      return null;
    }
    return { envelope: envelope as Record<string, unknown>, members: place.members };
  } catch {
    return null;
  }
}

/**
 * One member of a split file, parsed; throws SyntaxError when it is not
 * JSON. The bytes must be UTF-8 (checked once for the whole file with
 * `isUtf8`): a faulty sequence would be read as U+FFFD, not refused.
 */
export function parseMember(bytes: Buffer, [start, end]: [number, number]): unknown {
  return JSON.parse(bytes.toString('utf8', start, end));
}
