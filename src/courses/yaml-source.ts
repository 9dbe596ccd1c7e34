import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document } from 'yaml';

export interface Located {
  line: number;
  message: string;
}

/** A YAML text that remembers where every value came from, so problems can name their line. */
export class YamlSource {
  readonly errors: Located[] = [];
  private readonly lines = new LineCounter();
  private readonly doc: Document;

  /** `firstLine` is the file line of the YAML's first line (front matter starts on line 2). */
  constructor(
    text: string,
    private readonly firstLine = 1,
  ) {
    this.doc = parseDocument(text, { lineCounter: this.lines, prettyErrors: false, uniqueKeys: true, version: '1.2' });
    for (const error of [...this.doc.errors, ...this.doc.warnings]) {
      const at = this.lines.linePos(error.pos[0]).line;
      this.errors.push({ line: at + firstLine - 1, message: `YAML: ${firstSentence(error.message)}` });
    }
  }

  get data(): unknown {
    return this.errors.length > 0 ? undefined : (this.doc.toJS() as unknown);
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
