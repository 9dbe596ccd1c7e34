import { BadRequestException, ConflictException, ForbiddenException, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { IsNull, type DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { AppConfig } from '../config/app-config.js';
import { rawQuery } from '../database/raw-sql.js';
import { inTransaction } from '../database/transactions.js';
import { Account, ACCOUNT_ACTIVE } from './account.entity.js';
import { type Acting, elevated, mayActFor } from './grants.js';
import { Invitation } from './invitation.entity.js';
import { passwordProblem } from './password-rules.js';
import { hashPassword, hashToken, newToken } from './secrets.js';
import { Session } from './session.entity.js';
import { SessionsService } from './sessions.service.js';
import { SignInThrottle } from './sign-in-throttle.js';

export const INVITATION_DAYS = 14;

const NOT_VALID =
  'This invitation link is not valid: it may have been used already or have expired. Ask HR for a new one.';

@Injectable()
export class InvitationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
    private readonly sessions: SessionsService,
    private readonly throttle: SignInThrottle,
  ) {}

  /**
   * A new one-time link for an account; earlier unused links for it stop working. The link is the
   * account, so `by` must be able to grant every role it holds (HR: learners only; admins: anyone),
   * and nobody gets one for a person who has left.
   */
  async create(
    account: Account,
    by: Acting,
    target: string,
  ): Promise<{ token: string; url: string; expiresAt: Date }> {
    this.assertMayInvite(account, by);
    if (!(await this.isActive(account.id)))
      throw new ConflictException(`${target} has left (roster status inactive): no sign-in link is made`);
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
        by && { accountId: by.accountId, email: by.email },
        {
          action: 'invitation.create',
          target,
          details: { email: account.email, roles: account.roles, by: by ? 'person' : 'command line' },
        },
        manager,
      );
    });
    return { token, url: `${this.config.publicUrl}/invitations/accept?token=${token}`, expiresAt };
  }

  /** Whether `by` may make a sign-in link for `account` (pages use it to offer the button or not). */
  mayInvite(account: Account, by: Acting): boolean {
    return mayActFor(by, account.roles);
  }

  private assertMayInvite(account: Account, by: Acting): void {
    if (this.mayInvite(account, by)) return;
    throw new ForbiddenException(
      `Only an admin can make a sign-in link for an account with the roles ${elevated(account.roles).join(', ')}`,
    );
  }

  private async isActive(accountId: number): Promise<boolean> {
    const rows = await rawQuery(
      this.dataSource,
      `SELECT 1 AS ok FROM accounts a WHERE a.id = ? AND ${ACCOUNT_ACTIVE}`,
      [accountId],
    );
    return rows.length > 0;
  }

  /** Whether a token can still be used (to say so before someone types a password twice). */
  async isUsable(token: string): Promise<boolean> {
    return (await this.usable(token)) !== null;
  }

  private async usable(token: string): Promise<Invitation | null> {
    const invitation = await this.dataSource
      .getRepository(Invitation)
      .findOne({ where: { tokenHash: hashToken(token) }, relations: { account: true } });
    const ok =
      !!invitation?.account &&
      !invitation.usedAt &&
      invitation.expiresAt.getTime() > Date.now() &&
      (await this.isActive(invitation.accountId));
    return ok ? invitation : null;
  }

  /**
   * Sets the password behind a valid, unused, unexpired token; the token is spent. Bad tokens count
   * against the client's address, and the password is hashed only once the token is known good.
   */
  async accept(token: string, password: string, address: string): Promise<Account> {
    this.throttle.check([{ address }]);
    const invitation = await this.usable(token);
    if (!invitation?.account) {
      this.throttle.fail([{ address }]);
      throw new BadRequestException(NOT_VALID);
    }
    const holder = invitation.account;
    const problem = passwordProblem(password, holder.email);
    if (problem) throw new BadRequestException([problem]);
    const passwordHash = await hashPassword(password);
    const account = await inTransaction(this.dataSource, async (manager) => {
      // Spend the token only if nobody else spent it first (two concurrent accepts: one wins).
      const spent = await manager
        .getRepository(Invitation)
        .update({ id: invitation.id, usedAt: IsNull() }, { usedAt: new Date() });
      if (!spent.affected) throw new BadRequestException('This invitation link has already been used.');
      await manager.getRepository(Account).update({ id: invitation.accountId }, { passwordHash });
      await manager.getRepository(Session).delete({ accountId: invitation.accountId });
      await this.audit.record(
        { accountId: holder.id, email: holder.email },
        { action: 'invitation.accept', target: holder.email },
        manager,
      );
      return holder;
    });
    // Its earlier sessions are gone: this instance forgets them too.
    this.sessions.forgetAccount(account.id);
    return account;
  }
}
