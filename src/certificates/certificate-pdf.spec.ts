import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  comparableText,
  decodeQrCode,
  missingPdfTools,
  pdfPageCount,
  pdfPagePng,
  pdfText,
  pdfWords,
  qpdfCheck,
} from '../../test/support/pdf.js';
import { PNG } from 'pngjs';
import { type BrandImage, readBrandImage } from '../config/branding.js';
import { type CertificateContent, CertificateRenderer } from './certificate-pdf.js';

const TEMPLATES = fileURLToPath(new URL('../../templates', import.meta.url));

function image(path: string): BrandImage {
  const read = readBrandImage('TEST_IMAGE', fileURLToPath(new URL(path, import.meta.url)));
  if ('problem' in read) throw new Error(read.problem);
  return read.image;
}

function content(overrides: Partial<CertificateContent> = {}): CertificateContent {
  return {
    kind: 'course',
    districtName: 'Riverside Unified School District',
    holderName: 'Nguyễn Thị Hồng',
    courseTitle: 'Trauma-Informed Classrooms: Foundations',
    edition: '2026-27',
    pdHours: 1.5,
    completedOn: '2026-11-23',
    completedAt: new Date('2026-11-23T15:04:05Z'),
    serial: '7KQ3-M2XD-9FHB-TE',
    verifyUrl: 'https://hearth.riverside.example.org/verify/7KQ3-M2XD-9FHB-TE',
    ...overrides,
  };
}

const renderer = new CertificateRenderer(TEMPLATES);

// Without the tools these tests would check nothing; missingPdfTools() throws in CI instead.
const missingTools = missingPdfTools();
const describeWithPdfTools = missingTools.length === 0 ? describe : describe.skip;
if (missingTools.length > 0)
  console.warn(`Skipping the certificate PDF checks: ${missingTools.join(', ')} not installed`);

describeWithPdfTools('CertificateRenderer', () => {
  describe.each([
    ['Vietnamese', 'Nguyễn Thị Hồng'],
    ['Chinese', '王小明'],
    ['Arabic', 'فاطمة الزهراء'],
    // ر/ز, ب/ن/ت/ث share skeleton glyphs in Noto Sans Arabic; لا and الله are ligatures.
    ['Arabic with shared glyphs and ligatures', 'عبد الله نزار بن ثابت الخلايلة'],
    ['accented Latin', 'José Ñúñez-Ölçer'],
    // Letters Noto Sans SC lacks; the name is set in Noto Sans Arabic's Latin instead.
    ['Polish', 'Łukasz Wiśniewski'],
    ['Turkish and Czech', 'Şükrü Yılmaz-Dvořák'],
  ])('with a %s name', (_script, holderName) => {
    let pdf: Buffer;
    beforeAll(async () => {
      pdf = await renderer.render(content({ holderName }));
    });

    it('prints the name, course, hours, date, serial and district as text', async () => {
      // What pdftotext reads is the PDF's text layer (copy and paste, search, screen readers). It must hold
      // the name exactly: the same letters (an Arabic name's letters in reading order, right to left, not
      // in the left-to-right order the glyphs are drawn in) and the same words, compared after removing
      // only the bidi marks pdftotext adds around right-to-left text and the spaces -layout pads lines with.
      const text = comparableText(await pdfText(pdf));
      expect(text).toContain(holderName);
      expect(text).toContain('Trauma-Informed Classrooms: Foundations (2026-27)');
      expect(text).toContain('1.5 professional development hours');
      expect(text).toContain('7KQ3-M2XD-9FHB-TE');
      expect(text).toContain('Riverside Unified School District');
      // The shipped wording, line by line from the top (no stray "#" or ">" markers).
      expect(text).toContain(
        `Riverside Unified School District Certificate of Completion This certifies that ${holderName} completed ` +
          'Trauma-Informed Classrooms: Foundations (2026-27) 1.5 professional development hours ' +
          'Completed on November 23, 2026 Certificate 7KQ3-M2XD-9FHB-TE Verify this certificate at ' +
          'https://hearth.riverside.example.org/verify/7KQ3-M2XD-9FHB-TE or by scanning the code.',
      );
    });

    it('passes qpdf --check', async () => {
      const check = await qpdfCheck(pdf);
      expect(check.output).toContain('No syntax or stream encoding errors found');
      expect(check.exitCode).toBe(0);
    });
  });

  it.each([
    'https://hearth.riverside.example.org/verify/0H4C-8ZQW-1MEP-V$',
    'https://professional-learning.riverside-unified-school-district.k12.ca.us/hearth/verify/0H4C-8ZQW-1MEP-V$',
  ])('has a QR code that reads as the verification address %s', async (verifyUrl) => {
    const pdf = await renderer.render(content({ verifyUrl }));
    expect(decodeQrCode(await pdfPagePng(pdf, { dpi: 150 }))).toBe(verifyUrl);
  });

  it('is one landscape US Letter page', async () => {
    const { page } = await pdfWords(await renderer.render(content()));
    expect(page).toEqual({ width: 792, height: 612 });
  });

  it('shrinks a long name to fit on one line inside the border', async () => {
    const holderName =
      'Maria Alexandra Konstantinopoulou-Featherstonehaugh de la Vega y Montenegro-Wolfeschlegelsteinhausenberger';
    const { page, words } = await pdfWords(await renderer.render(content({ holderName })));
    const nameWords = words.filter((word) => holderName.split(' ').includes(word.word));
    expect(nameWords.map((word) => word.word).join(' ')).toBe(holderName);
    expect(new Set(nameWords.map((word) => Math.round(word.yMax))).size).toBe(1);
    for (const word of words) {
      expect(word.xMin).toBeGreaterThan(36);
      expect(word.xMax).toBeLessThan(page.width - 36);
    }
  });

  describe('output', () => {
    it('is byte for byte the same for the same content', async () => {
      const first = await renderer.render(content());
      const second = await renderer.render(content());
      expect(second.equals(first)).toBe(true);
    });

    it('is the same whether its words are shaped afresh, seen a second time or taken from the cache', async () => {
      // Shaped texts are kept from their second use on: the first, second and third renders take each path.
      const fresh = new CertificateRenderer(TEMPLATES);
      const certificate = content({ holderName: 'فاطمة الزهراء Nguyễn' });
      const [first, second, third] = [
        await fresh.render(certificate),
        await fresh.render(certificate),
        await fresh.render(certificate),
      ];
      expect([second.equals(first), third.equals(first)]).toEqual([true, true]);
    });

    it('differs for a different serial', async () => {
      const first = await renderer.render(content());
      const other = await renderer.render(content({ serial: '0H4C-8ZQW-1MEP-V$' }));
      expect(other.equals(first)).toBe(false);
    });

    it('does not depend on the certificates rendered before, even when they share glyphs', async () => {
      // Final ز and final ر are one glyph (plus a dot for ز), met ز first in one name, ر first in the other:
      // the fonts, parsed once per renderer, must not carry what a glyph stood for to the next certificate.
      const fatima = content({ holderName: 'فاطمة الزهراء' });
      const omar = content({ holderName: 'عمر بن ثابت' });
      const first = await new CertificateRenderer(TEMPLATES).render(fatima);
      const afterOmar = new CertificateRenderer(TEMPLATES);
      await afterOmar.render(omar);
      expect((await afterOmar.render(fatima)).equals(first)).toBe(true);
      await renderer.render(omar);
      expect((await renderer.render(fatima)).equals(first)).toBe(true);
    });

    it('is the same when rendered concurrently', async () => {
      const certificates = ['فاطمة الزهراء', '王小明', 'José Ñúñez-Ölçer', 'رزان بنت ثابت'].map(
        (holderName) => content({ holderName }),
      );
      const oneByOne: Buffer[] = [];
      for (const certificate of certificates) oneByOne.push(await renderer.render(certificate));
      const together = await Promise.all(certificates.map((certificate) => renderer.render(certificate)));
      expect(together.map((pdf, index) => pdf.equals(oneByOne[index]))).toEqual([true, true, true, true]);
    });

    it('records the completion time as the creation date and no modification date', async () => {
      const raw = (await renderer.render(content())).toString('latin1');
      // The document information dictionary is not compressed; its dates are indirect string objects.
      const creationDate = /\/CreationDate (\d+) 0 R/.exec(raw);
      expect(creationDate).not.toBeNull();
      expect(raw).toContain(`\n${creationDate![1]} 0 obj\n(D:20261123150405Z)\nendobj`);
      expect(raw).not.toContain('/ModDate');
    });
  });

  describe('wording', () => {
    let templatesCopy: string;
    beforeAll(async () => {
      templatesCopy = await mkdtemp(join(tmpdir(), 'hearth-templates-'));
      await cp(TEMPLATES, templatesCopy, { recursive: true });
    });
    afterAll(async () => {
      await rm(templatesCopy, { recursive: true, force: true });
    });

    async function rendererWith(wording: string): Promise<CertificateRenderer> {
      await writeFile(join(templatesCopy, 'certificates', 'certificate.hbs'), wording);
      return new CertificateRenderer(templatesCopy);
    }

    it('comes from templates/certificates/certificate.hbs', async () => {
      const original = await readFile(join(TEMPLATES, 'certificates', 'certificate.hbs'), 'utf8');
      const edited = original
        .replace('# Certificate of Completion', '# Award of Professional Learning')
        .replace('This certifies that', 'The Board of Education recognises');
      const text = comparableText(await pdfText(await (await rendererWith(edited)).render(content())));
      expect(text).toContain('Award of Professional Learning');
      expect(text).toContain('The Board of Education recognises Nguyễn Thị Hồng');
      expect(text).not.toContain('Certificate of Completion');
    });

    it('prints markers only where escaped, and not comments or blank lines', async () => {
      const wording = [
        '{{!-- a note for the next administrator --}}',
        '# Heading',
        '',
        '## {{holderName}}',
        '### {{courseTitle}}',
        '\\# 1 in professional learning',
        '> {{pdHours}} {{hoursUnit}}, {{completedOn}}',
      ].join('\n');
      const text = comparableText(
        await pdfText(await (await rendererWith(wording)).render(content({ pdHours: 1 }))),
      );
      expect(text).toMatch(
        /^Heading Nguyễn Thị Hồng Trauma-Informed Classrooms: Foundations # 1 in professional learning/,
      );
      expect(text).toContain('1 hour, 2026-11-23');
      expect(text).not.toContain('administrator');
      expect(text).not.toMatch(/(^|\s)(##|###|>)\s/);
    });

    it('refuses a template with a misspelt field when it is loaded', async () => {
      await expect(rendererWith('## {{holdername}}')).rejects.toThrow(
        /certificate\.hbs: "holdername" not defined/,
      );
    });

    it('keeps a line break in a name from starting a new, differently styled line', async () => {
      const text = comparableText(
        await pdfText(await renderer.render(content({ holderName: 'Ana\n# Forged heading\r\nLópez' }))),
      );
      expect(text).toContain('Ana # Forged heading López');
    });
  });

  describe('branding', () => {
    const logo = image('../../test/fixtures/branding/riverside-logo.jpg');
    const signature = image('../../templates/demo/signature.png');
    const branded = new CertificateRenderer(TEMPLATES, {
      logo,
      signer: { name: 'Dr. Ana Ruiz', title: 'Superintendent of Schools', signature },
    });
    const wordAt = (words: { word: string; yMin: number }[], word: string) => {
      const found = words.find((box) => box.word === word);
      if (!found) throw new Error(`${word} is not on the certificate`);
      return found.yMin;
    };

    it('prints the logo at the top and the signer under a signed line, on one page', async () => {
      const pdf = await branded.render(content());
      expect(await pdfPageCount(pdf)).toBe(1);
      expect((await qpdfCheck(pdf)).exitCode).toBe(0);
      const { words } = await pdfWords(pdf);
      // Top to bottom: the district (under the logo), the wording, the signer, the small print.
      const order = ['Riverside', 'Completed', 'Ruiz', 'Superintendent', 'Verify'].map((word) =>
        wordAt(words, word),
      );
      expect(order).toEqual([...order].sort((a, b) => a - b));
      const text = comparableText(await pdfText(pdf));
      expect(text).toContain('Dr. Ana Ruiz Superintendent of Schools');
    });

    it('draws the images themselves: the logo’s green at the top, none on today’s certificate', async () => {
      const rgbAt = async (pdf: Buffer, x: number, y: number) => {
        const png = PNG.sync.read(await pdfPagePng(pdf, { dpi: 72 }));
        const at = (y * png.width + x) * 4;
        return [...png.data.subarray(at, at + 3)];
      };
      // The 240 × 96 JPEG fits a 140 × 56 point box centred at the top from y 44; its right part is green.
      const [red, green, blue] = await rgbAt(await branded.render(content()), 456, 60);
      expect(green).toBeGreaterThan(red + 40);
      expect(green).toBeGreaterThan(blue + 20);
      expect(await rgbAt(await renderer.render(content()), 456, 60)).toEqual([255, 255, 255]);
    });

    it('prints a name alone with a line to sign on when there is no title or signature image', async () => {
      const pdf = await new CertificateRenderer(TEMPLATES, { signer: { name: 'Ana Ruiz' } }).render(
        content(),
      );
      const { words } = await pdfWords(pdf);
      expect(wordAt(words, 'Ruiz')).toBeGreaterThan(wordAt(words, 'Completed'));
      expect(comparableText(await pdfText(pdf))).toMatch(/November 23, 2026 Ana Ruiz Certificate 7KQ3/);
    });

    it('keeps today’s certificate without them: nothing between the wording and the small print', async () => {
      expect(comparableText(await pdfText(await renderer.render(content())))).toMatch(
        /November 23, 2026 Certificate 7KQ3/,
      );
    });
  });

  it('refuses a date that is not a real YYYY-MM-DD date', async () => {
    await expect(renderer.render(content({ completedOn: '2026-02-30' }))).rejects.toThrow(/completedOn/);
    await expect(renderer.render(content({ completedOn: '23/11/2026' }))).rejects.toThrow(/completedOn/);
  });
});
