// Stand-in until the real module lands (same exports).
import { randomBytes } from 'node:crypto';
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export function newSerial(): string {
  const bytes = randomBytes(9);
  const digits = [...bytes.subarray(0, 9)]
    .slice(0, 9)
    .map((b) => ALPHABET[b % 32])
    .join('')
    .padEnd(14, '0');
  return `${digits.slice(0, 4)}-${digits.slice(4, 8)}-${digits.slice(8, 12)}-${digits.slice(12, 14)}`;
}
export function normalizeSerial(input: string): string | null {
  const text = input.toUpperCase().replace(/[\s-]/g, '');
  return /^[0-9A-Z*~$=]{14}$/.test(text)
    ? `${text.slice(0, 4)}-${text.slice(4, 8)}-${text.slice(8, 12)}-${text.slice(12, 14)}`
    : null;
}
