/**
 * The TrueType font program a PDF embeds: only the glyphs one document uses, built from tables read once.
 *
 * fontkit's own subsetter (what pdfkit calls) decodes every outline it copies, to find the glyphs a
 * composite glyph is made of, and re-encodes each table through its structure definitions: a quarter of a
 * certificate's time. This writes the same bytes (same tables, order and layout) from each glyph's raw
 * outline, read once per font and kept, so a document only copies bytes.
 */

/** What pdfkit asks of a font subset: ids for the glyphs a document uses, and the font program. */
export interface PdfFontSubset {
  /** The glyph's id in the subset; an id from COPY_BASE up is an extra copy of glyph id % COPY_BASE. */
  includeGlyph(glyph: number | { id: number }): number;
  encode(): Uint8Array;
}

/** Glyph ids are 16-bit; id + n × COPY_BASE names the n-th extra copy of a glyph in one document's subset. */
export const COPY_BASE = 0x10000;

/** A glyph as a subset copies it: its outline, where the outline names other glyphs, and its metrics. */
interface GlyphEntry {
  outline: Uint8Array;
  /** Byte offsets in the outline of the component glyph ids of a composite glyph. */
  components: number[];
  advance: number;
  bearing: number;
}

// Composite glyph flags (OpenType glyf table).
const ARG_1_AND_2_ARE_WORDS = 0x0001;
const WE_HAVE_A_SCALE = 0x0008;
const MORE_COMPONENTS = 0x0020;
const WE_HAVE_AN_X_AND_Y_SCALE = 0x0040;
const WE_HAVE_A_TWO_BY_TWO = 0x0080;

/** The tables a PDF needs, in the order fontkit writes them (an absent optional table is left out). */
const TABLE_ORDER = ['head', 'hhea', 'loca', 'maxp', 'cvt ', 'prep', 'glyf', 'hmtx', 'fpgm'] as const;

export class TrueTypeTables {
  private readonly tables = new Map<string, Uint8Array>();
  private readonly longOffsets: boolean;
  private readonly glyphOffsets: number[];
  private readonly glyphs = new Map<number, GlyphEntry>();

  constructor(bytes: Uint8Array) {
    // A plain Uint8Array view: a Buffer's slice() shares memory, and the subset must not write to the font.
    const file = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const view = viewOf(file);
    const numTables = view.getUint16(4);
    for (let i = 0; i < numTables; i++) {
      const entry = 12 + i * 16;
      const tag = String.fromCharCode(...file.subarray(entry, entry + 4));
      const offset = view.getUint32(entry + 8);
      this.tables.set(tag, file.subarray(offset, offset + view.getUint32(entry + 12)));
    }
    for (const tag of ['head', 'hhea', 'maxp', 'loca', 'glyf', 'hmtx'])
      if (!this.tables.has(tag)) throw new Error(`not a TrueType font with outlines: no ${tag} table`);
    this.longOffsets = viewOf(this.table('head')).getInt16(50) === 1;
    const numGlyphs = viewOf(this.table('maxp')).getUint16(4);
    const loca = viewOf(this.table('loca'));
    this.glyphOffsets = Array.from({ length: numGlyphs + 1 }, (_, i) =>
      this.longOffsets ? loca.getUint32(i * 4) : loca.getUint16(i * 2) * 2,
    );
  }

  createSubset(): PdfFontSubset {
    const ids: number[] = []; // the font's glyph id for each glyph of the subset, in subset order
    const mapping = new Map<number, number>();
    const includeGlyph = (glyph: number | { id: number }): number => {
      const id = typeof glyph === 'number' ? glyph : glyph.id;
      let index = mapping.get(id);
      if (index === undefined) mapping.set(id, (index = ids.push(id % COPY_BASE) - 1));
      return index;
    };
    includeGlyph(0); // .notdef comes first
    return { includeGlyph, encode: () => this.encode(ids, includeGlyph) };
  }

  private encode(ids: number[], includeGlyph: (id: number) => number): Uint8Array {
    const outlines: Uint8Array[] = [];
    // Not for…of over a copy: a composite glyph adds its components to `ids` as it goes.
    for (let i = 0; i < ids.length; i++) {
      const glyph = this.glyph(ids[i]);
      let outline = glyph.outline;
      if (glyph.components.length > 0) {
        outline = outline.slice();
        const view = viewOf(outline);
        for (const at of glyph.components) view.setUint16(at, includeGlyph(view.getUint16(at)));
      }
      outlines.push(outline);
    }
    const count = outlines.length;

    const loca = new Uint8Array((count + 1) * (this.longOffsets ? 4 : 2));
    const hmtx = new Uint8Array(count * 4);
    const locaView = viewOf(loca);
    const hmtxView = viewOf(hmtx);
    let offset = 0;
    for (let i = 0; i <= count; i++) {
      if (this.longOffsets) locaView.setUint32(i * 4, offset);
      else locaView.setUint16(i * 2, offset / 2);
      if (i === count) break;
      const glyph = this.glyph(ids[i]);
      hmtxView.setUint16(i * 4, glyph.advance);
      hmtxView.setInt16(i * 4 + 2, glyph.bearing);
      offset += outlines[i].length;
    }
    const glyf = new Uint8Array(offset);
    offset = 0;
    for (const outline of outlines) {
      glyf.set(outline, offset);
      offset += outline.length;
    }
    const hhea = this.table('hhea').slice();
    viewOf(hhea).setUint16(34, count); // numberOfHMetrics: every glyph has its own entry
    const maxp = this.table('maxp').slice();
    viewOf(maxp).setUint16(4, count);

    const contents: Record<(typeof TABLE_ORDER)[number], Uint8Array | undefined> = {
      head: this.table('head'),
      hhea,
      loca,
      maxp,
      'cvt ': this.tables.get('cvt '),
      prep: this.tables.get('prep'),
      glyf,
      hmtx,
      fpgm: this.tables.get('fpgm'),
    };
    return sfnt(TABLE_ORDER.flatMap((tag) => (contents[tag] ? [{ tag, data: contents[tag] }] : [])));
  }

  private table(tag: string): Uint8Array {
    return this.tables.get(tag)!;
  }

  /** A glyph's outline and metrics, read once for all documents. */
  private glyph(id: number): GlyphEntry {
    let glyph = this.glyphs.get(id);
    if (glyph) return glyph;
    const glyf = this.table('glyf');
    const outline = glyf.subarray(this.glyphOffsets[id], this.glyphOffsets[id + 1]);
    glyph = { outline, components: componentOffsets(outline), ...this.metrics(id) };
    this.glyphs.set(id, glyph);
    return glyph;
  }

  /** hmtx: an advance and left side bearing per glyph, the last advance repeated for the glyphs after. */
  private metrics(id: number): { advance: number; bearing: number } {
    const hmtx = viewOf(this.table('hmtx'));
    const numberOfHMetrics = viewOf(this.table('hhea')).getUint16(34);
    if (id < numberOfHMetrics) return { advance: hmtx.getUint16(id * 4), bearing: hmtx.getInt16(id * 4 + 2) };
    return {
      advance: numberOfHMetrics > 0 ? hmtx.getUint16((numberOfHMetrics - 1) * 4) : 0,
      bearing: hmtx.getInt16(numberOfHMetrics * 4 + (id - numberOfHMetrics) * 2),
    };
  }
}

/** Where a composite glyph's outline names its components (none for a simple or empty glyph). */
function componentOffsets(outline: Uint8Array): number[] {
  if (outline.length === 0) return [];
  const view = viewOf(outline);
  if (view.getInt16(0) >= 0) return [];
  const offsets: number[] = [];
  let at = 10; // after the glyph header
  let flags = MORE_COMPONENTS;
  while (flags & MORE_COMPONENTS) {
    flags = view.getUint16(at);
    offsets.push(at + 2);
    at += 4 + (flags & ARG_1_AND_2_ARE_WORDS ? 4 : 2);
    if (flags & WE_HAVE_A_SCALE) at += 2;
    else if (flags & WE_HAVE_AN_X_AND_Y_SCALE) at += 4;
    else if (flags & WE_HAVE_A_TWO_BY_TWO) at += 8;
  }
  return offsets;
}

/** An sfnt font file as fontkit writes one: tag "true", zero checksums, tables back to back. */
function sfnt(tables: Array<{ tag: string; data: Uint8Array }>): Uint8Array {
  const headerSize = 12 + tables.length * 16;
  const out = new Uint8Array(headerSize + tables.reduce((size, table) => size + table.data.length, 0));
  const view = viewOf(out);
  const power = 2 ** Math.floor(Math.log2(tables.length));
  out.set([0x74, 0x72, 0x75, 0x65]); // "true"
  view.setUint16(4, tables.length);
  view.setUint16(6, power * 16);
  view.setUint16(8, Math.log2(power));
  view.setUint16(10, tables.length * 16 - power * 16);
  let offset = headerSize;
  tables.forEach(({ tag, data }, i) => {
    const entry = 12 + i * 16;
    for (let c = 0; c < 4; c++) out[entry + c] = tag.charCodeAt(c);
    view.setUint32(entry + 8, offset);
    view.setUint32(entry + 12, data.length);
    out.set(data, offset);
    offset += data.length;
  });
  return out;
}

function viewOf(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
