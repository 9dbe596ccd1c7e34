import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { onItsOwn } from '../database/transactions.js';
import { type EntityManager, type Repository } from 'typeorm';
import { AuditEntry } from './audit-entry.entity.js';

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

export interface AuditFilters {
  actor?: string;
  action?: string;
  from?: Date;
  to?: Date;
  limit?: number;
}

/** The append-only audit log. There is deliberately no update or delete. */
@Injectable()
export class AuditService {
  constructor(@InjectRepository(AuditEntry) private readonly entries: Repository<AuditEntry>) {}

  /**
   * Appends one entry; pass the transaction's manager so the entry commits with the change it records.
   * Without one, the entry is written on its own (`onItsOwn`): never so from inside a transaction.
   */
  async record(actor: Actor | null, record: AuditRecord, manager?: EntityManager): Promise<void> {
    const entry = {
      at: new Date(),
      actorAccountId: actor?.accountId ?? null,
      actorEmail: actor?.email ?? null,
      action: record.action,
      target: record.target ?? null,
      details: record.details ? JSON.stringify(record.details) : null,
    };
    if (manager) await manager.getRepository(AuditEntry).insert(entry);
    else await onItsOwn(this.entries.manager.dataSource, () => this.entries.insert(entry));
  }

  async find(filters: AuditFilters): Promise<AuditEntry[]> {
    const query = this.entries
      .createQueryBuilder('e')
      .orderBy('e.id', 'DESC')
      .take(filters.limit ?? 500);
    if (filters.actor) query.andWhere('e.actor_email = :actor', { actor: filters.actor.toLowerCase() });
    if (filters.action) query.andWhere('e.action = :action', { action: filters.action });
    if (filters.from) query.andWhere('e.at >= :from', { from: filters.from });
    if (filters.to) query.andWhere('e.at < :to', { to: filters.to });
    return query.getMany();
  }
}
