/** Where a JSON text stops being valid, as line and column a text editor shows. */

/** 1-based line and column of a character offset. */
export interface TextPosition {
  line: number;
  column: number;
}

class JsonScanner {
  offset = 0;

  constructor(private readonly text: string) {}

  private fail(): never {
    throw this.offset;
  }

  private space(): void {
    while (/[ \t\n\r]/.test(this.text[this.offset] ?? '')) this.offset += 1;
  }

  private literal(word: string): void {
    for (const char of word) {
      if (this.text[this.offset] !== char) this.fail();
      this.offset += 1;
    }
  }

  private string(): void {
    this.offset += 1; // opening quote
    for (;;) {
      const char = this.text[this.offset];
      if (char === undefined || char < ' ') this.fail();
      if (char === '"') {
        this.offset += 1;
        return;
      }
      if (char === '\\') {
        const escaped = this.text[this.offset + 1] ?? '';
        if (escaped === 'u') {
          if (
            !/^[0-9a-fA-F]{4}$/.test(this.text.slice(this.offset + 2, this.offset + 6))
          ) {
            this.offset += 2;
            this.fail();
          }
          this.offset += 6;
          continue;
        }
        this.offset += 1;
        if (!'"\\/bfnrt'.includes(escaped) || escaped === '') this.fail();
      }
      this.offset += 1;
    }
  }

  private number(): void {
    const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(
      this.text.slice(this.offset),
    );
    if (!match || match[0] === '-' || match[0] === '') this.fail();
    this.offset += match[0].length;
  }

  private list(close: string, item: () => void): void {
    this.offset += 1;
    this.space();
    if (this.text[this.offset] === close) {
      this.offset += 1;
      return;
    }
    for (;;) {
      item();
      this.space();
      const char = this.text[this.offset];
      this.offset += 1;
      if (char === close) return;
      if (char !== ',') {
        this.offset -= 1;
        this.fail();
      }
      this.space();
    }
  }

  value(): void {
    this.space();
    const char = this.text[this.offset];
    if (char === '{') {
      this.list('}', () => {
        if (this.text[this.offset] !== '"') this.fail();
        this.string();
        this.space();
        if (this.text[this.offset] !== ':') this.fail();
        this.offset += 1;
        this.value();
      });
    } else if (char === '[') this.list(']', () => this.value());
    else if (char === '"') this.string();
    else if (char === 't') this.literal('true');
    else if (char === 'f') this.literal('false');
    else if (char === 'n') this.literal('null');
    else this.number();
  }

  document(): void {
    this.value();
    this.space();
    if (this.offset < this.text.length) this.fail();
  }
}

/** Position of the first syntax error of `text`, or null when it is valid JSON. */
export function jsonErrorPosition(text: string): TextPosition | null {
  const scanner = new JsonScanner(text);
  let offset: number;
  try {
    scanner.document();
    return null;
  } catch (error) {
    if (typeof error !== 'number') throw error;
    offset = error;
  }
  const before = text.slice(0, offset).split(/\r\n|\r|\n/);
  return { line: before.length, column: (before[before.length - 1] ?? '').length + 1 };
}
