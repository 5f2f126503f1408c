/** Finds the column separator of a CSV text: a `sep=` first line, else `;`, tab or `,`. */

/** Separators guessed from the text, by preference when counts tie. */
const CANDIDATES = [';', '\t', ','] as const;

/** How many logical lines from the top may decide the separator. */
const SEARCH_LINES = 20;

/**
 * Excel's separator line: `sep=;` (or any one character) alone on the first
 * line. Excel takes the separator from it and does not show the line: the
 * next line is row 1 of the sheet. (LibreOffice Calc does not know the
 * convention and shows `sep=` as a row; Passerelle numbers rows as Excel.)
 */
const SEP_LINE = /^sep=([^\r\n])[ ]*(?:\r\n|\n|\r|$)/i;

/** The separator a `sep=` first line names, and the text after that line. */
export function readSepLine(text: string): { separator: string; rest: string } | null {
  const match = SEP_LINE.exec(text);
  if (!match) return null;
  return { separator: match[1] as string, rest: text.slice(match[0].length) };
}

/** Counts of each candidate outside quotes, line by line (quoted line breaks stay inside). */
function countsByLine(text: string): Record<string, number>[] {
  const lines: Record<string, number>[] = [];
  let counts: Record<string, number> = { ';': 0, '\t': 0, ',': 0 };
  let quoted = false;
  let fieldStart = true;
  for (let i = 0; i < text.length && lines.length < SEARCH_LINES; i += 1) {
    const char = text[i] as string;
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') i += 1;
      else if (char === '"') quoted = false;
      continue;
    }
    // A quote opens a quoted field only at its start: 24" in a cell is text.
    if (char === '"' && fieldStart) {
      quoted = true;
      continue;
    }
    if (char === '\n' || char === '\r') {
      if (char === '\r' && text[i + 1] === '\n') i += 1;
      lines.push(counts);
      counts = { ';': 0, '\t': 0, ',': 0 };
      fieldStart = true;
      continue;
    }
    fieldStart = char in counts;
    if (fieldStart) counts[char] = (counts[char] as number) + 1;
  }
  lines.push(counts);
  return lines;
}

function best(counts: Record<string, number>): { separator: string; count: number } {
  let chosen: string = CANDIDATES[0];
  for (const candidate of CANDIDATES) {
    if ((counts[candidate] as number) > (counts[chosen] as number)) chosen = candidate;
  }
  return { separator: chosen, count: counts[chosen] as number };
}

/**
 * The separator of the header line: the first of the top lines where one
 * candidate appears at least twice outside quotes (a title line above the
 * header, « Plan 2026, mairie », must not decide), else the first line where
 * one appears at all; `;` wins ties, then tab, then `,`. `;` when none.
 */
export function detectSeparator(text: string): string {
  const lines = countsByLine(text).map(best);
  const decisive =
    lines.find((line) => line.count >= 2) ?? lines.find((l) => l.count > 0);
  return decisive?.separator ?? ';';
}
