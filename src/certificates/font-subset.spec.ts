import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from '@jest/globals';
import { COPY_BASE, TrueTypeTables } from './font-subset.js';

const resolvePackageFile = createRequire(import.meta.url);

interface Font {
  layout(text: string): { glyphs: Array<{ id: number }> };
  createSubset(): { includeGlyph(id: number): number; encode(): Uint8Array };
}
const fontkit = resolvePackageFile('fontkit') as { create(file: Buffer): Font };

const FONTS = [
  '@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf',
  '@expo-google-fonts/noto-sans-arabic/400Regular/NotoSansArabic_400Regular.ttf',
];
// Vietnamese letters are composite glyphs (a base letter and marks) in both fonts.
const TEXT = 'Nguyễn Thị Hồng 王小明 José Ñúñez-Ölçer Łukasz Şükrü Dvořák فاطمة الزهراء عبد الله';

describe.each(FONTS)('TrueTypeTables for %s', (fontFile) => {
  const file = readFileSync(resolvePackageFile.resolve(fontFile));
  const font = fontkit.create(file);
  const ids = font.layout(TEXT).glyphs.map((glyph) => glyph.id);

  it('writes the same font program as fontkit, and leaves the font file as it was', () => {
    const before = Buffer.from(file);
    const tables = new TrueTypeTables(file);
    const ours = tables.createSubset();
    const theirs = font.createSubset();
    for (const id of ids) expect(ours.includeGlyph(id)).toBe(theirs.includeGlyph(id));
    expect(Buffer.from(ours.encode()).equals(Buffer.from(theirs.encode()))).toBe(true);
    // Twice, from the glyphs read the first time.
    const again = tables.createSubset();
    for (const id of ids) again.includeGlyph(id);
    expect(Buffer.from(again.encode()).equals(Buffer.from(theirs.encode()))).toBe(true);
    expect(file.equals(before)).toBe(true);
  });

  it('gives an extra copy of a glyph its own id, with the same outline', () => {
    const subset = new TrueTypeTables(file).createSubset();
    const first = subset.includeGlyph(ids[0]);
    const copy = subset.includeGlyph(ids[0] + COPY_BASE);
    expect(copy).not.toBe(first);
    expect(subset.includeGlyph({ id: ids[0] + COPY_BASE })).toBe(copy);
    const reference = font.createSubset();
    reference.includeGlyph(ids[0]);
    // fontkit has no copies; the same glyph under a second id is the same outline twice.
    expect(subset.encode().length).toBeGreaterThan(reference.encode().length);
  });
});
