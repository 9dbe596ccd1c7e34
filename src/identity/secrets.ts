import { createHash, randomBytes } from 'node:crypto';
import argon2 from 'argon2';

/** A random bearer secret (256 bits, URL-safe). */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Tokens are stored only as their SHA-256: a leaked table cannot be replayed. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, { type: argon2.argon2id });
}

export async function verifyPassword(hash: string | null, password: string): Promise<boolean> {
  // Without a hash, still spend the time of a verification so response times do not reveal accounts.
  const target = hash ?? (await dummyHash());
  const ok = await argon2.verify(target, password).catch(() => false);
  return ok && hash !== null;
}

let dummy: Promise<string> | undefined;
function dummyHash(): Promise<string> {
  dummy ??= hashPassword(newToken());
  return dummy;
}

export const PASSWORD_RULE = { min: 12, max: 200 };
