import type { DatabaseTarget } from '../../src/config/app-config.js';
import { openDatabase } from '../../src/database/data-source.js';
import { inTransaction } from '../../src/database/transactions.js';
import { hashToken, newToken } from '../../src/identity/secrets.js';
import { Session } from '../../src/identity/session.entity.js';
import { SESSION_HOURS } from '../../src/identity/sessions.service.js';
import { chunks } from '../../src/staff/staff.repository.js';

/**
 * Bearer tokens for these accounts, stored the way SessionsService.open stores them (only the hash).
 * Signing in through the API would spend an argon2 verification per person, which is not what is measured.
 */
export async function createSessions(
  target: DatabaseTarget,
  accountIds: number[],
): Promise<Map<number, string>> {
  const dataSource = await openDatabase({ database: target });
  const tokens = new Map(accountIds.map((id) => [id, newToken()]));
  try {
    const now = new Date();
    const expiresAt = new Date(now.getTime() + SESSION_HOURS * 3_600_000);
    await inTransaction(dataSource, async (manager) => {
      for (const batch of chunks([...tokens])) {
        await manager.getRepository(Session).insert(
          batch.map(([accountId, token]) => ({
            accountId,
            tokenHash: hashToken(token),
            createdAt: now,
            expiresAt,
          })),
        );
      }
    });
  } finally {
    await dataSource.destroy();
  }
  return tokens;
}
