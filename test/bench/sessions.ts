import type { DatabaseTarget } from '../../src/config/app-config.js';
import { Database } from '../../src/database/database.js';
import { hashToken, newToken } from '../../src/identity/secrets.js';
import { SESSION_HOURS } from '../../src/identity/sessions.service.js';

/**
 * Bearer tokens for these accounts, stored the way SessionsService.open stores them (only the hash).
 * Signing in through the API would spend an argon2 verification per person, which is not what is measured.
 */
export async function createSessions(
  target: DatabaseTarget,
  accountIds: number[],
): Promise<Map<number, string>> {
  const database = await Database.open(target);
  const tokens = new Map(accountIds.map((id) => [id, newToken()]));
  try {
    const now = new Date();
    const expiresAt = new Date(now.getTime() + SESSION_HOURS * 3_600_000);
    await database.transaction(() =>
      database.insertRows(
        'sessions',
        ['account_id', 'token_hash', 'created_at', 'expires_at'],
        [...tokens].map(([accountId, token]) => [accountId, hashToken(token), now, expiresAt]),
      ),
    );
  } finally {
    await database.close();
  }
  return tokens;
}
