import { Injectable } from '@nestjs/common';
import type { AuditEntry } from './audit-entry.entity.js';
import { type AuditFilters, AuditRepository } from './audit.repository.js';

export type { AuditFilters } from './audit.repository.js';

/** Who did something: an account, or the system itself (null). */
export interface Actor {
  accountId: number;
  email: string;
}

export interface AuditRecord {
  action: string;
  target?: string | null;
  details?: Record<string, unknown>;
}

/** The append-only audit log. */
@Injectable()
export class AuditService {
  constructor(private readonly entries: AuditRepository) {}

  /** Appends one entry; inside a transaction it commits with the change it records. */
  async record(actor: Actor | null, record: AuditRecord): Promise<void> {
    await this.entries.append({
      at: new Date(),
      actorAccountId: actor?.accountId ?? null,
      actorEmail: actor?.email ?? null,
      action: record.action,
      target: record.target ?? null,
      details: record.details ? JSON.stringify(record.details) : null,
    });
  }

  /** The newest entries first, as filtered, from `offset` on. */
  find(filters: AuditFilters): Promise<AuditEntry[]> {
    return this.entries.newest(filters);
  }

  /** The action names the log holds. */
  actions(): Promise<string[]> {
    return this.entries.actions();
  }
}
