import { BadRequestException, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { IsNull, type DataSource } from 'typeorm';
import { type Actor, AuditService } from '../audit/audit.service.js';
import { AppConfig } from '../config/app-config.js';
import { Account } from './account.entity.js';
import { Invitation } from './invitation.entity.js';
import { hashPassword, hashToken, newToken } from './secrets.js';
import { Session } from './session.entity.js';
import { SessionsService } from './sessions.service.js';
import { inTransaction } from '../database/transactions.js';

export const INVITATION_DAYS = 14;

@Injectable()
export class InvitationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
    private readonly sessions: SessionsService,
  ) {}

  /** A new one-time link for an account; earlier unused links for it stop working. */
  async create(
    account: Account,
    /** Null: the command line. */
    actor: Actor | null,
    target: string,
  ): Promise<{ token: string; url: string; expiresAt: Date }> {
    const token = newToken();
    const now = new Date();
    const expiresAt = new Date(now.getTime() + INVITATION_DAYS * 86_400_000);
    await inTransaction(this.dataSource, async (manager) => {
      await manager.getRepository(Invitation).delete({ accountId: account.id, usedAt: IsNull() });
      await manager.getRepository(Invitation).insert({
        accountId: account.id,
        tokenHash: hashToken(token),
        createdAt: now,
        expiresAt,
        usedAt: null,
      });
      await this.audit.record(
        actor,
        { action: 'invitation.create', target, details: { email: account.email } },
        manager,
      );
    });
    return { token, url: `${this.config.publicUrl}/invitations/accept?token=${token}`, expiresAt };
  }

  /** Whether a token can still be used (to say so before someone types a password twice). */
  async isUsable(token: string): Promise<boolean> {
    const invitation = await this.dataSource
      .getRepository(Invitation)
      .findOneBy({ tokenHash: hashToken(token) });
    return !!invitation && !invitation.usedAt && invitation.expiresAt.getTime() > Date.now();
  }

  /** Sets the password behind a valid, unused, unexpired token; the token is spent. */
  async accept(token: string, password: string): Promise<Account> {
    const passwordHash = await hashPassword(password);
    const account = await inTransaction(this.dataSource, async (manager) => {
      const invitations = manager.getRepository(Invitation);
      const invitation = await invitations.findOne({
        where: { tokenHash: hashToken(token) },
        relations: { account: true },
      });
      if (!invitation?.account || invitation.usedAt || invitation.expiresAt.getTime() <= Date.now()) {
        throw new BadRequestException(
          'This invitation link is not valid: it may have been used already or have expired. Ask HR for a new one.',
        );
      }
      // Spend the token only if nobody else spent it first (two concurrent accepts: one wins).
      const spent = await invitations.update({ id: invitation.id, usedAt: IsNull() }, { usedAt: new Date() });
      if (!spent.affected) throw new BadRequestException('This invitation link has already been used.');
      await manager.getRepository(Account).update({ id: invitation.accountId }, { passwordHash });
      await manager.getRepository(Session).delete({ accountId: invitation.accountId });
      await this.audit.record(
        { accountId: invitation.accountId, email: invitation.account.email },
        { action: 'invitation.accept', target: invitation.account.email },
        manager,
      );
      return invitation.account;
    });
    // Its earlier sessions are gone: this instance forgets them too.
    this.sessions.forgetAccount(account.id);
    return account;
  }
}
