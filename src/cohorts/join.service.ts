import { BadRequestException, ConflictException, GoneException, Injectable, Logger } from '@nestjs/common';
import { AuditService } from '../audit/audit.service.js';
import { longDate, todayIso } from '../common/clock.js';
import { AppConfig } from '../config/app-config.js';
import { CourseCatalog } from '../courses/course-catalog.service.js';
import { Database } from '../database/database.js';
import { isUniqueViolation } from '../database/errors.js';
import type { Account } from '../identity/account.entity.js';
import { AccountsRepository } from '../identity/accounts.repository.js';
import { passwordProblem } from '../identity/password-rules.js';
import { normalizeRoles } from '../identity/roles.js';
import { hashPassword } from '../identity/secrets.js';
import { SessionsService } from '../identity/sessions.service.js';
import { SignInThrottle, type ThrottleKey } from '../identity/sign-in-throttle.js';
import { dueDateFor, editionsInForce } from '../learning/assignment-rules.js';
import { rulesOf } from '../learning/assignments.service.js';
import { AssignmentsRepository } from '../learning/assignments.repository.js';
import { normalizeCohortCode } from './cohort-code.js';
import type { Cohort } from './cohort.entity.js';
import { closedOn } from './cohort-rules.js';
import { CohortsRepository } from './cohorts.repository.js';
import type { JoinDto } from './dto/cohort.dto.js';

/** The same words for a mistyped code and one that never existed: nothing tells which cohorts exist. */
export const WRONG_CODE =
  'That invite code does not match any cohort. Check it against your invitation and try again.';
export const EMAIL_TAKEN =
  'This e-mail address already has a Hearth account, so it cannot join again: sign in with it, or use “Forgot your password?” on the sign-in page.';

/**
 * Joining a community cohort with its code: a new account (role `learner` only), a community learner
 * (no staff row), the cohort's courses, and a session. Every failure with a code costs the client's
 * address and the code a try of the sign-in throttle, so codes cannot be guessed and one code cannot
 * be used to probe which e-mails have accounts.
 */
@Injectable()
export class JoinService {
  private readonly logger = new Logger('Cohorts');

  constructor(
    private readonly database: Database,
    private readonly cohorts: CohortsRepository,
    private readonly accounts: AccountsRepository,
    private readonly assignments: AssignmentsRepository,
    private readonly sessions: SessionsService,
    private readonly throttle: SignInThrottle,
    private readonly catalog: CourseCatalog,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
  ) {}

  async join(input: JoinDto, address: string): Promise<{ token: string; account: Account; cohort: Cohort }> {
    const code = normalizeCohortCode(input.code);
    const email = input.email.trim().toLowerCase();
    const keys: ThrottleKey[] = [{ address }, ...(code ? [{ code }] : [])];
    await this.throttle.check([...keys, { account: email }]);
    const cohort = code ? await this.cohorts.byCode(code) : undefined;
    if (!cohort) {
      await this.throttle.fail(keys);
      throw new BadRequestException(WRONG_CODE);
    }
    const today = todayIso(this.config);
    const closed = closedOn(cohort, today);
    if (closed) {
      await this.throttle.fail(keys);
      throw new GoneException(
        `This cohort closed on ${longDate(closed)}, so it takes no new members. If you joined before, sign in as usual.`,
      );
    }
    const problem = passwordProblem(input.password, email);
    if (problem) throw new BadRequestException([problem]);
    if (await this.accounts.byEmail(email)) {
      await this.throttle.fail([...keys, { account: email }]);
      throw new ConflictException(EMAIL_TAKEN);
    }
    const passwordHash = await hashPassword(input.password);
    const account = await this.database
      .transaction(() => this.enrol(cohort, email, passwordHash, input, today))
      .catch(async (error: unknown) => {
        // Two joins with one e-mail at once: the second finds it taken.
        if (!isUniqueViolation(error)) throw error;
        await this.throttle.fail([...keys, { account: email }]);
        throw new ConflictException(EMAIL_TAKEN);
      });
    return { token: await this.sessions.open(account.id), account, cohort };
  }

  /** The account, the learner and their assignments: one transaction, with its audit entry. */
  private async enrol(
    cohort: Cohort,
    email: string,
    passwordHash: string,
    input: JoinDto,
    today: string,
  ): Promise<Account> {
    const now = new Date();
    const roles = normalizeRoles([]);
    const accountId = await this.accounts.create({ email, passwordHash, roles, createdAt: now });
    const learnerId = await this.cohorts.addLearner({
      accountId,
      cohortId: cohort.id,
      firstName: input.firstName.trim(),
      lastName: input.lastName.trim(),
      createdAt: now,
    });
    const offered = new Set(cohort.courseIds);
    const editions = editionsInForce(
      this.catalog
        .published()
        .filter((course) => offered.has(course.id))
        .map(rulesOf),
      today,
    );
    // Due as if hired the day they join (the new-hire rule): nobody is late before they could begin.
    await this.assignments.createForCommunityLearner(
      learnerId,
      editions.map((edition) => ({
        courseId: edition.courseId,
        edition: edition.edition,
        dueDate: dueDateFor(edition, { hireDate: today, changedOn: null }),
      })),
      now,
    );
    if (editions.length < offered.size)
      this.logger.warn(
        `Cohort ${cohort.id}: ${offered.size - editions.length} of its courses have no edition open today`,
      );
    await this.audit.record(
      { accountId, email },
      {
        action: 'cohort.join',
        target: `cohort ${cohort.id}`,
        details: { courses: editions.map((e) => e.courseId) },
      },
    );
    return { id: accountId, email, passwordHash, roles, createdAt: now };
  }
}
