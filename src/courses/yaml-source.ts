import { isMap, isScalar, isSeq, Lexer, LineCounter, parseDocument, Parser, visit, type Document } from 'yaml';

export interface Located {
  line: number;
  message: string;
}

/**
 * How many copies aliases may make in one file: a few repeated values are fine, but nested aliases
 * multiply ("billion laughs": nine lines that expand to hundreds of millions of strings).
 */
export const MAX_ALIAS_COUNT = 32;
/** How deep values may nest (a quiz needs about seven levels); deeper input overflows the YAML library's stack. */
export const MAX_NESTING = 32;

/** A YAML text that remembers where every value came from, so problems can name their line. */
export class YamlSource {
  readonly errors: Located[] = [];
  private readonly lines = new LineCounter();
  private readonly doc: Document;
  private readonly value: unknown;

  /** `firstLine` is the file line of the YAML's first line (front matter starts on line 2). */
  constructor(
    text: string,
    private readonly firstLine = 1,
  ) {
    const tooDeep = offsetTooDeep(text);
    // Too deep is refused before the library (which recurses) sees it.
    this.doc = parseDocument(tooDeep === undefined ? text : '', { lineCounter: this.lines, prettyErrors: false, uniqueKeys: true, version: '1.2' });
    if (tooDeep !== undefined) {
      this.errors.push({ line: lineAt(text, tooDeep) + firstLine - 1, message: `YAML: the values nest more than ${MAX_NESTING} levels deep; a course file needs only a few` });
      return;
    }
    for (const error of [...this.doc.errors, ...this.doc.warnings]) {
      const at = this.lines.linePos(error.pos[0]).line;
      this.errors.push({ line: at + firstLine - 1, message: `YAML: ${firstSentence(error.message)}` });
    }
    if (this.errors.length > 0) return;
    try {
      this.value = this.doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (error) {
      // toJS throws (a ReferenceError) when aliases expand too far; name the first alias's line.
      let alias: number | undefined;
      visit(this.doc, {
        Alias: (_key, node) => {
          alias = node.range?.[0];
          return visit.BREAK;
        },
      });
      const line = alias === undefined ? firstLine : this.lines.linePos(alias).line + firstLine - 1;
      const message = error instanceof ReferenceError && alias !== undefined
        ? `aliases here expand to more than ${MAX_ALIAS_COUNT} copies of their values; write the values out instead`
        : firstSentence((error as Error).message);
      this.errors.push({ line, message: `YAML: ${message}` });
    }
  }

  /** The values, once the text has no problem. */
  get data(): unknown {
    return this.errors.length > 0 ? undefined : this.value;
  }

  /** The file line of the value at `path`, or of the closest parent that exists. */
  lineOf(path: (string | number)[]): number {
    for (let depth = path.length; depth >= 0; depth--) {
      const node = depth === 0 ? this.doc.contents : this.doc.getIn(path.slice(0, depth), true);
      const range = (node as { range?: [number, number, number] } | undefined)?.range;
      if (range && (isScalar(node) || isMap(node) || isSeq(node))) {
        return this.lines.linePos(range[0]).line + this.firstLine - 1;
      }
    }
    return this.firstLine;
  }

  /** The file line of a map's key (so "unknown field" points at the key itself). */
  lineOfKey(path: (string | number)[], key: string): number {
    const parent = path.length === 0 ? this.doc.contents : this.doc.getIn(path, true);
    if (isMap(parent)) {
      const pair = parent.items.find((item) => isScalar(item.key) && item.key.value === key);
      const range = pair && isScalar(pair.key) ? pair.key.range : undefined;
      if (range) return this.lines.linePos(range[0]).line + this.firstLine - 1;
    }
    return this.lineOf(path);
  }
}

/** Where the text first nests deeper than MAX_NESTING, found by the library's own (non-recursive) parser. */
function offsetTooDeep(text: string): number | undefined {
  const parser = new Parser();
  for (const lexeme of new Lexer().lex(text)) {
    for (const _token of parser.next(lexeme));
    // The stack holds the document and every collection still open around the current token.
    if (parser.stack.length > MAX_NESTING + 1) return parser.offset;
  }
  return undefined;
}

function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

function firstSentence(message: string): string {
  return message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
}

export interface FrontMatter {
  yaml: YamlSource | undefined;
  body: string;
  /** The file line where the body starts. */
  bodyLine: number;
  problem?: Located;
}

/** Splits `---` front matter from a Markdown body. */
export function splitFrontMatter(text: string): FrontMatter {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  if (lines[0]?.trim() !== '---') {
    return { yaml: undefined, body: text, bodyLine: 1, problem: { line: 1, message: 'the file must start with front matter: a line "---", the fields, and another "---"' } };
  }
  const end = lines.findIndex((line, i) => i > 0 && line.trim() === '---');
  if (end < 0) {
    return { yaml: undefined, body: '', bodyLine: lines.length, problem: { line: 1, message: 'the front matter has no closing "---" line' } };
  }
  return {
    yaml: new YamlSource(lines.slice(1, end).join('\n'), 2),
    body: lines.slice(end + 1).join('\n'),
    bodyLine: end + 2,
  };
}
