/** Decodes Windows-1252 bytes, the encoding of CSV files saved by French Excel. */

/**
 * Characters of bytes 0x80–0x9F, where Windows-1252 differs from ISO-8859-1
 * (€, œ, –, ’…). Node 20's TextDecoder('windows-1252') decodes them as C1
 * control characters, hence this table. Undefined bytes stay as U+0080…U+009F.
 */
// prettier-ignore
const HIGH_CONTROLS: readonly string[] = [
  '€', '\u0081', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u008D', 'Ž', '\u008F',
  '\u0090', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u009D', 'ž', 'Ÿ',
];

/** The text of Windows-1252 `bytes`. */
export function decodeWindows1252(bytes: Uint8Array): string {
  const parts: string[] = [];
  for (const byte of bytes) {
    parts.push(
      byte >= 0x80 && byte <= 0x9f
        ? (HIGH_CONTROLS[byte - 0x80] as string)
        : String.fromCharCode(byte),
    );
  }
  return parts.join('');
}
