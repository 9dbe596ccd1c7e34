import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from '@jest/globals';
import { ConfigError, loadConfig } from './app-config.js';
import { DEMO_SIGNER, imageHeader, logoUrl, readBrandImage } from './branding.js';

const DEMO_LOGO = fileURLToPath(new URL('../../templates/demo/district-logo.png', import.meta.url));
const DEMO_SIGNATURE = fileURLToPath(new URL('../../templates/demo/signature.png', import.meta.url));

/** A PNG's signature, IHDR and IEND chunks (no pixel data: only the header is read). */
function pngHeader(width: number, height: number): Buffer {
  const ihdr = Buffer.alloc(25);
  ihdr.writeUInt32BE(13, 0);
  ihdr.write('IHDR', 4, 'latin1');
  ihdr.writeUInt32BE(width, 8);
  ihdr.writeUInt32BE(height, 12);
  ihdr.set([8, 6, 0, 0, 0], 16);
  const iend = Buffer.from([0, 0, 0, 0, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82]);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), ihdr, iend]);
}

/** A JPEG's start: SOI, fill bytes, a JFIF APP0 segment, then a frame header of the given kind. */
function jpegHeader(width: number, height: number, frameMarker = 0xc0): Buffer {
  const app0 = Buffer.from([0xff, 0xe0, 0, 16, ...Buffer.from('JFIF\0'), 1, 1, 0, 0, 1, 0, 1, 0, 0]);
  const sof = Buffer.from([
    0xff,
    frameMarker,
    0,
    17,
    8,
    height >> 8,
    height & 255,
    width >> 8,
    width & 255,
    3,
  ]);
  return Buffer.concat([
    Buffer.from([0xff, 0xd8, 0xff]),
    app0,
    sof,
    Buffer.alloc(9),
    Buffer.from([0xff, 0xd9]),
  ]);
}

describe('imageHeader', () => {
  it('reads a PNG’s type and pixel size from its IHDR chunk', () => {
    expect(imageHeader(readFileSync(DEMO_LOGO))).toEqual({ type: 'image/png', width: 160, height: 160 });
    expect(imageHeader(pngHeader(640, 200))).toEqual({ type: 'image/png', width: 640, height: 200 });
  });

  it('reads a baseline or progressive JPEG’s size from its frame header, past other segments', () => {
    expect(imageHeader(jpegHeader(1200, 400))).toEqual({ type: 'image/jpeg', width: 1200, height: 400 });
    expect(imageHeader(jpegHeader(300, 90, 0xc2))).toEqual({ type: 'image/jpeg', width: 300, height: 90 });
  });

  it('refuses what is not a PNG or JPEG, whatever its name says', () => {
    expect(imageHeader(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBe(
      'is not a PNG or JPEG image',
    );
    expect(imageHeader(Buffer.from('GIF89a\x10\x00\x10\x00'))).toBe('is not a PNG or JPEG image');
    expect(imageHeader(Buffer.alloc(0))).toBe('is not a PNG or JPEG image');
  });

  it('refuses a PNG cut short, and a JPEG without a frame header', () => {
    const logo = readFileSync(DEMO_LOGO);
    expect(imageHeader(logo.subarray(0, logo.length - 100))).toBe(
      'is a damaged PNG (cut short: no IEND at its end)',
    );
    expect(imageHeader(logo.subarray(0, 20))).toBe('is a damaged PNG (no IHDR header)');
    expect(imageHeader(Buffer.from([0xff, 0xd8, 0xff, 0xd9]))).toBe(
      'is a damaged JPEG (no frame header with its size)',
    );
    expect(imageHeader(Buffer.from([0xff, 0xd8, 0x00, 0x00, 0x00, 0x00]))).toBe(
      'is a damaged JPEG (a segment does not start with a marker)',
    );
  });
});

describe('readBrandImage', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hearth-branding-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, bytes: Buffer) => {
    const path = join(dir, name);
    writeFileSync(path, bytes);
    return path;
  };

  it('keeps the bytes, type, size and a hash that changes with the bytes', () => {
    const read = readBrandImage('HEARTH_DISTRICT_LOGO', DEMO_LOGO);
    if (!('image' in read)) throw new Error(read.problem);
    expect(read.image).toMatchObject({ path: DEMO_LOGO, type: 'image/png', width: 160, height: 160 });
    expect(read.image.data.equals(readFileSync(DEMO_LOGO))).toBe(true);
    expect(read.image.hash).toMatch(/^[0-9a-f]{16}$/);
    expect(logoUrl(read.image)).toBe(`/district/logo?v=${read.image.hash}`);
    const other = readBrandImage('HEARTH_DISTRICT_LOGO', DEMO_SIGNATURE);
    expect('image' in other && other.image.hash).not.toBe(read.image.hash);
  });

  it.each([
    ['a missing file', () => join(dir, 'nowhere.png'), 'does not exist'],
    [
      'a folder',
      () => (mkdirSync(join(dir, 'folder.png'), { recursive: true }), join(dir, 'folder.png')),
      'is not a file',
    ],
    ['a text file', () => file('logo.png', Buffer.from('not an image')), 'is not a PNG or JPEG image'],
    [
      'a file over 2 MB',
      () => file('huge.png', Buffer.concat([pngHeader(400, 400), Buffer.alloc(2 * 1024 * 1024)])),
      'is 2.0 MB; the most is 2 MB',
    ],
    [
      'a 1 px spacer',
      () => file('spacer.png', pngHeader(1, 1)),
      'is 1 × 1 pixels; each side must be 16 to 8000',
    ],
    [
      'a 20,000 px wide image',
      () => file('wide.jpg', jpegHeader(20000, 600)),
      'is 20000 × 600 pixels; each side must be 16 to 8000',
    ],
    [
      'a thin strip',
      () => file('strip.png', pngHeader(4000, 40)),
      'is 4000 × 40 pixels; one side may be at most 20 times the other',
    ],
  ])('refuses %s, naming the variable, the file and the reason', (_, make, reason) => {
    const path = make();
    expect(readBrandImage('HEARTH_CERTIFICATE_SIGNATURE', path)).toEqual({
      problem: `HEARTH_CERTIFICATE_SIGNATURE: ${path} ${reason}`,
    });
  });
});

describe('loadConfig’s branding', () => {
  const real = { HEARTH_ADMIN_EMAIL: 'admin@district.org', HEARTH_ADMIN_PASSWORD: 'a-long-password' };

  it('has none for a real district that sets none', () => {
    expect(loadConfig(real).branding).toEqual({ logo: undefined, signer: undefined, demoSamples: [] });
  });

  it('shows the demo’s samples while the demo is on, each only where the district set nothing', () => {
    const demo = loadConfig({}).branding;
    expect(demo.logo?.path).toBe(DEMO_LOGO);
    expect(demo.signer).toMatchObject({ ...DEMO_SIGNER, signature: { path: DEMO_SIGNATURE } });
    expect(demo.demoSamples).toEqual(['logo', 'signer']);
    const own = loadConfig({ HEARTH_CERTIFICATE_SIGNER_NAME: 'Ana Ruiz' }).branding;
    expect(own.signer).toEqual({ name: 'Ana Ruiz', title: undefined, signature: undefined });
    expect(own.demoSamples).toEqual(['logo']);
  });

  it('reads the district’s own files and signer, each text on one line', () => {
    const branding = loadConfig({
      ...real,
      HEARTH_DISTRICT_LOGO: DEMO_LOGO,
      HEARTH_CERTIFICATE_SIGNER_NAME: '  Dr. Ana Ruiz ',
      HEARTH_CERTIFICATE_SIGNER_TITLE: 'Superintendent\nof Schools',
      HEARTH_CERTIFICATE_SIGNATURE: DEMO_SIGNATURE,
    }).branding;
    expect(branding.logo).toMatchObject({ path: DEMO_LOGO, width: 160 });
    expect(branding.signer).toMatchObject({
      name: 'Dr. Ana Ruiz',
      title: 'Superintendent of Schools',
      signature: { path: DEMO_SIGNATURE, type: 'image/png' },
    });
    expect(branding.demoSamples).toEqual([]);
  });

  it('refuses a title or a signature with nobody named', () => {
    expect(() => loadConfig({ ...real, HEARTH_CERTIFICATE_SIGNER_TITLE: 'Superintendent' })).toThrow(
      new ConfigError(
        'Invalid configuration: HEARTH_CERTIFICATE_SIGNER_TITLE needs HEARTH_CERTIFICATE_SIGNER_NAME',
      ),
    );
    expect(() => loadConfig({ ...real, HEARTH_CERTIFICATE_SIGNATURE: DEMO_SIGNATURE })).toThrow(
      'HEARTH_CERTIFICATE_SIGNATURE needs HEARTH_CERTIFICATE_SIGNER_NAME',
    );
  });

  it('lists every bad variable in one error, the image files with the rest', () => {
    const missing = join(tmpdir(), 'hearth-no-such-logo.png');
    expect(() =>
      loadConfig({
        ...real,
        PORT: 'eighty',
        HEARTH_DISTRICT_LOGO: missing,
        HEARTH_CERTIFICATE_SIGNER_NAME: 'x'.repeat(201),
        HEARTH_CERTIFICATE_SIGNATURE: fileURLToPath(import.meta.url),
      }),
    ).toThrow(
      new ConfigError(
        'Invalid configuration: PORT must be a whole number; ' +
          'HEARTH_CERTIFICATE_SIGNER_NAME must be at most 200 characters long; ' +
          `HEARTH_DISTRICT_LOGO: ${missing} does not exist; ` +
          `HEARTH_CERTIFICATE_SIGNATURE: ${fileURLToPath(import.meta.url)} is not a PNG or JPEG image`,
      ),
    );
  });
});
