import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

export type ImageType = 'image/png' | 'image/jpeg';

/** An image read once at boot: its bytes, what they are, and a hash of them for cache-busting URLs. */
export interface BrandImage {
  path: string;
  data: Buffer;
  type: ImageType;
  width: number;
  height: number;
  /** The first 16 hex digits of the bytes' SHA-256. */
  hash: string;
}

/** The district's marks on pages and certificates; each part is absent unless configured (or the demo's). */
export interface Branding {
  /** HEARTH_DISTRICT_LOGO: in every page's header and at the top of certificates. */
  logo?: BrandImage;
  /** HEARTH_CERTIFICATE_SIGNER_NAME, _TITLE and HEARTH_CERTIFICATE_SIGNATURE: the foot of certificates. */
  signer?: { name: string; title?: string; signature?: BrandImage };
  /** The parts that are the demo district's samples rather than the district's own. */
  demoSamples: readonly ('logo' | 'signer')[];
}

/** Where pages find the logo: the hash in the URL lets browsers keep it for a year. */
export function logoUrl(logo: BrandImage): string {
  return `/district/logo?v=${logo.hash}`;
}

export const MAX_IMAGE_BYTES = 2 * 1024 * 1024;
/** Pixel sizes outside these are a mistake (a 1 px spacer, a photo of a poster), not a logo. */
export const MIN_SIDE = 16;
export const MAX_SIDE = 8000;
export const MAX_ASPECT = 20;

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const PNG_END = Buffer.from([0, 0, 0, 0, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82]);
/** JPEG frame headers (SOF0–SOF15) carry the size; C4, C8 and CC are other markers in that range. */
const isFrameMarker = (marker: number) =>
  marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;

/** The type and pixel size an image's header declares, or why it is not a PNG or JPEG we can use. */
export function imageHeader(data: Buffer): { type: ImageType; width: number; height: number } | string {
  if (data.subarray(0, 8).equals(PNG_SIGNATURE)) {
    if (data.length < 33 || data.toString('latin1', 12, 16) !== 'IHDR')
      return 'is a damaged PNG (no IHDR header)';
    // A cut-short upload still starts like a PNG; its end chunk shows it arrived whole.
    if (!data.subarray(-PNG_END.length).equals(PNG_END))
      return 'is a damaged PNG (cut short: no IEND at its end)';
    return { type: 'image/png', width: data.readUInt32BE(16), height: data.readUInt32BE(20) };
  }
  if (data[0] === 0xff && data[1] === 0xd8) {
    let at = 2;
    while (at + 4 <= data.length) {
      if (data[at] !== 0xff) return 'is a damaged JPEG (a segment does not start with a marker)';
      const marker = data[at + 1];
      // Fill bytes, and markers that stand alone without a length.
      if (marker === 0xff) {
        at += 1;
        continue;
      }
      if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
        at += 2;
        continue;
      }
      if (marker === 0xd9 || marker === 0xda) break; // end of image, or the scan: no frame header came first
      const length = data.readUInt16BE(at + 2);
      if (length < 2) return 'is a damaged JPEG (a segment has an impossible length)';
      if (isFrameMarker(marker)) {
        if (at + 9 > data.length) break;
        return { type: 'image/jpeg', height: data.readUInt16BE(at + 5), width: data.readUInt16BE(at + 7) };
      }
      at += 2 + length;
    }
    return 'is a damaged JPEG (no frame header with its size)';
  }
  return 'is not a PNG or JPEG image';
}

/** Reads and checks one image file; the problem names the variable, the file and what is wrong. */
export function readBrandImage(variable: string, path: string): { image: BrandImage } | { problem: string } {
  const fail = (reason: string) => ({ problem: `${variable}: ${path} ${reason}` });
  let data: Buffer;
  try {
    const size = statSync(path);
    if (!size.isFile()) return fail('is not a file');
    // Checked before reading, so a huge file is never read into memory.
    if (size.size > MAX_IMAGE_BYTES) return fail(`is ${megabytes(size.size)}; the most is 2 MB`);
    data = readFileSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return fail(
      code === 'ENOENT'
        ? 'does not exist'
        : code === 'EACCES'
          ? 'cannot be read (permission denied)'
          : `cannot be read (${code ?? String(error)})`,
    );
  }
  const header = imageHeader(data);
  if (typeof header === 'string') return fail(header);
  const { width, height } = header;
  if (Math.min(width, height) < MIN_SIDE || Math.max(width, height) > MAX_SIDE)
    return fail(`is ${width} × ${height} pixels; each side must be ${MIN_SIDE} to ${MAX_SIDE}`);
  if (Math.max(width, height) > MAX_ASPECT * Math.min(width, height))
    return fail(`is ${width} × ${height} pixels; one side may be at most ${MAX_ASPECT} times the other`);
  const hash = createHash('sha256').update(data).digest('hex').slice(0, 16);
  return { image: { path, data, ...header, hash } };
}

function megabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** The branding variables as the environment gives them (already trimmed of empty values). */
export interface BrandingVariables {
  HEARTH_DISTRICT_LOGO?: string;
  HEARTH_CERTIFICATE_SIGNER_NAME?: string;
  HEARTH_CERTIFICATE_SIGNER_TITLE?: string;
  HEARTH_CERTIFICATE_SIGNATURE?: string;
}

/** The demo district's fictional signer; its images are in templates/demo. */
export const DEMO_SIGNER = { name: 'Dr. Renata Okafor', title: 'Director of Professional Learning' };

/**
 * Reads the logo and signature once. With the demo on, each part the district left unset is the demo's
 * sample, so a first `npm start` shows what branding looks like; a real district gets none by default.
 */
export function loadBranding(
  vars: BrandingVariables,
  options: { demo: boolean; templatesDir: string },
): { branding: Branding } | { problems: string[] } {
  const problems: string[] = [];
  const demoDir = join(options.templatesDir, 'demo');
  const demoSamples: ('logo' | 'signer')[] = [];
  const image = (variable: string, path: string) => {
    const read = readBrandImage(variable, resolve(path));
    if ('problem' in read) problems.push(read.problem);
    return 'image' in read ? read.image : undefined;
  };

  let logo: BrandImage | undefined;
  if (vars.HEARTH_DISTRICT_LOGO) logo = image('HEARTH_DISTRICT_LOGO', vars.HEARTH_DISTRICT_LOGO);
  else if (options.demo) {
    logo = image('HEARTH_DISTRICT_LOGO', join(demoDir, 'district-logo.png'));
    demoSamples.push('logo');
  }

  // One line each on the certificate: a line break or control character in the variable is a space.
  const oneLine = (value?: string) => value?.replace(/[\s\p{Cc}]+/gu, ' ').trim();
  const name = oneLine(vars.HEARTH_CERTIFICATE_SIGNER_NAME);
  const title = oneLine(vars.HEARTH_CERTIFICATE_SIGNER_TITLE);
  let signer: Branding['signer'];
  if (!name && (title || vars.HEARTH_CERTIFICATE_SIGNATURE)) {
    if (title) problems.push('HEARTH_CERTIFICATE_SIGNER_TITLE needs HEARTH_CERTIFICATE_SIGNER_NAME');
    // A signature nobody is named beside would be an unattributed mark on every certificate.
    if (vars.HEARTH_CERTIFICATE_SIGNATURE)
      problems.push('HEARTH_CERTIFICATE_SIGNATURE needs HEARTH_CERTIFICATE_SIGNER_NAME');
  } else if (name) {
    const signature = vars.HEARTH_CERTIFICATE_SIGNATURE
      ? image('HEARTH_CERTIFICATE_SIGNATURE', vars.HEARTH_CERTIFICATE_SIGNATURE)
      : undefined;
    signer = { name, title: title || undefined, signature };
  } else if (options.demo) {
    signer = {
      ...DEMO_SIGNER,
      signature: image('HEARTH_CERTIFICATE_SIGNATURE', join(demoDir, 'signature.png')),
    };
    demoSamples.push('signer');
  }
  return problems.length > 0 ? { problems } : { branding: { logo, signer, demoSamples } };
}
