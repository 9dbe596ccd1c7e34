import {
  BadRequestException,
  ConflictException,
  ForbiddenException,
  Injectable,
  Logger,
} from '@nestjs/common';
import { AuditService } from '../audit/audit.service.js';
import { longDate } from '../common/clock.js';
import { AppConfig } from '../config/app-config.js';
import { Database } from '../database/database.js';
import { MailOutbox } from '../mail/mail-outbox.js';
import type { Account } from './account.entity.js';
import { AccountsRepository } from './accounts.repository.js';
import { type Acting, elevated, mayActFor } from './grants.js';
import { InvitationsRepository } from './invitations.repository.js';
import { passwordProblem } from './password-rules.js';
import { hashPassword, hashToken, newToken } from './secrets.js';
import { SessionsRepository } from './sessions.repository.js';
import { SignInThrottle } from './sign-in-throttle.js';

export const INVITATION_DAYS = 14;
/** A link asked for with "Forgot your password?" works this long. */
export const RESET_HOURS = 2;
/** Every one-time link replaces the earlier ones, and so the unsent messages that carry them. */
const LINK_MAIL = ['invitation', 'password-reset'] as const;

const NOT_VALID =
  'This invitation link is not valid: it may have been used already or have expired. Ask HR for a new one.';

@Injectable()
export class InvitationsService {
  constructor(
    private readonly database: Database,
    private readonly accounts: AccountsRepository,
    private readonly invitations: InvitationsRepository,
    private readonly sessionRows: SessionsRepository,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
    private readonly throttle: SignInThrottle,
    private readonly outbox: MailOutbox,
  ) {}

  private readonly logger = new Logger('Invitations');

  /**
   * A new one-time link for an account; earlier unused links for it stop working. The link is the
   * account, so `by` must be able to grant every role it holds (HR: learners only; admins: anyone),
   * and nobody gets one for a person who has left. With `mailTo`, the link is also mailed to the
   * account's address, from the outbox, committed with the link.
   */
  async create(
    account: Account,
    by: Acting,
    target: string,
    mailTo?: { firstName: string },
  ): Promise<{ token: string; url: string; expiresAt: Date }> {
    this.assertMayInvite(account, by);
    if (!(await this.accounts.isActive(account.id)))
      throw new ConflictException(`${target} has left (roster status inactive): no sign-in link is made`);
    const expiresAt = new Date(Date.now() + INVITATION_DAYS * 86_400_000);
    return this.database.transaction(async () => {
      const link = await this.issue(account.id, expiresAt);
      if (mailTo)
        await this.outbox.enqueue({
          kind: 'invitation',
          to: account.email,
          data: {
            firstName: mailTo.firstName,
            url: link.url,
            expiresOn: longDate(expiresAt),
            ssoLabel: this.config.oidc?.label ?? null,
          },
          discardAfter: expiresAt,
          replaces: [...LINK_MAIL],
        });
      await this.audit.record(by && { accountId: by.accountId, email: by.email }, {
        action: 'invitation.create',
        target,
        details: {
          email: account.email,
          roles: account.roles,
          by: by ? 'person' : 'command line',
          mailed: Boolean(mailTo),
        },
      });
      return link;
    });
  }

  /**
   * "Forgot your password?": answers the same whether or not the e-mail has an account (the work is
   * done after the answer, so not even its timing tells). Every request costs the address and the
   * e-mail one attempt of the sign-in budget, so nobody can flood a person's mailbox.
   */
  async requestReset(email: string, address: string): Promise<void> {
    const keys = [{ address }, { account: email }];
    await this.throttle.check(keys);
    await this.throttle.fail(keys);
    void this.mailReset(email.trim().toLowerCase()).catch((error: unknown) =>
      this.logger.error(`A password reset was not written: ${(error as Error).message}`),
    );
  }

  private async mailReset(email: string): Promise<void> {
    const account = await this.accounts.activeByEmail(email);
    // Only someone who may use a password gets a link to set one.
    if (!account || !(await this.accounts.mayUsePassword(account, this.config.passwordSignIn))) return;
    const expiresAt = new Date(Date.now() + RESET_HOURS * 3_600_000);
    await this.database.transaction(async () => {
      const { url } = await this.issue(account.id, expiresAt);
      await this.outbox.enqueue({
        kind: 'password-reset',
        to: account.email,
        data: { url, validFor: `${RESET_HOURS} hours` },
        discardAfter: expiresAt,
        replaces: [...LINK_MAIL],
      });
      await this.audit.record(null, { action: 'password.reset-request', target: account.email });
    });
  }

  /** A one-time link for the account, replacing its earlier unused ones. */
  private async issue(
    accountId: number,
    expiresAt: Date,
  ): Promise<{ token: string; url: string; expiresAt: Date }> {
    const token = newToken();
    await this.invitations.replaceUnused(accountId, hashToken(token), new Date(), expiresAt);
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

  /** Whether a token can still be used (to say so before someone types a password twice). */
  async isUsable(token: string): Promise<boolean> {
    return (await this.usable(token)) !== null;
  }

  private async usable(token: string) {
    const found = await this.invitations.withAccount(hashToken(token));
    const ok =
      !!found &&
      !found.invitation.usedAt &&
      found.invitation.expiresAt.getTime() > Date.now() &&
      (await this.accounts.isActive(found.account.id));
    return ok ? found : null;
  }

  /**
   * Sets the password behind a valid, unused, unexpired token; the token is spent. Bad tokens count
   * against the client's address, and the password is hashed only once the token is known good.
   */
  async accept(token: string, password: string, address: string): Promise<Account> {
    await this.throttle.check([{ address }]);
    const found = await this.usable(token);
    if (!found) {
      await this.throttle.fail([{ address }]);
      throw new BadRequestException(NOT_VALID);
    }
    const { invitation, account: holder } = found;
    const problem = passwordProblem(password, holder.email);
    if (problem) throw new BadRequestException([problem]);
    const passwordHash = await hashPassword(password);
    const account = await this.database.transaction(async () => {
      // Spend the token only if nobody else spent it first (two concurrent accepts: one wins).
      if (!(await this.invitations.spend(invitation.id, new Date())))
        throw new BadRequestException('This invitation link has already been used.');
      await this.accounts.setPasswordHash(invitation.accountId, passwordHash);
      await this.sessionRows.closeForAccounts([invitation.accountId]);
      await this.audit.record(
        { accountId: holder.id, email: holder.email },
        { action: 'invitation.accept', target: holder.email },
      );
      return holder;
    });
    return account;
  }
}
