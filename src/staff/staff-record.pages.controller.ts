import { Body, Controller, Get, NotFoundException, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CertificatesService, hoursOf } from '../certificates/certificates.service.js';
import { longDate, todayIso } from '../common/clock.js';
import { EDITION, SLUG } from '../common/validation.js';
import { AppConfig } from '../config/app-config.js';
import { CourseCatalog } from '../courses/course-catalog.service.js';
import { Roles } from '../identity/access.decorators.js';
import { elevated } from '../identity/grants.js';
import { InvitationsService } from '../identity/invitations.service.js';
import { Me, type Principal } from '../identity/principal.js';
import { STATUS_WORDS, statusOf } from '../learning/assignment-rules.js';
import { MAIL_STATUS_WORDS } from '../mail/mail-words.js';
import { RemindersRepository } from '../reminders/reminders.repository.js';
import { AssignmentsService } from '../learning/assignments.service.js';
import { BulkInvitationsService } from './bulk-invitations.service.js';
import type { StaffMember } from './staff-member.entity.js';
import { STAFF_STATUS_WORDS, StaffSearchPage } from './staff-search-page.js';
import { StaffService } from './staff.service.js';
import { ViewService } from '../web/view.service.js';
import { isolate } from '../web/isolate.js';
import { backToList, picksOf } from '../web/overdue-picks.js';

/** The latest reminders shown on a person's page. */
const REMINDERS_SHOWN = 20;

/** HR's staff pages: find a person; see their assignments, exemptions and certificates; exempt them. */
@ApiExcludeController()
@Controller('hr/staff')
export class StaffRecordPagesController {
  constructor(
    private readonly views: ViewService,
    private readonly staff: StaffService,
    private readonly searchPage: StaffSearchPage,
    private readonly assigning: AssignmentsService,
    private readonly certificates: CertificatesService,
    private readonly catalog: CourseCatalog,
    private readonly invitations: InvitationsService,
    private readonly bulk: BulkInvitationsService,
    private readonly reminders: RemindersRepository,
    private readonly config: AppConfig,
  ) {}

  @Get()
  @Roles('hr', 'admin')
  async search(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Query() raw: Record<string, unknown>,
  ) {
    const invited = Number(raw.invited);
    const skipped = Number(raw.skipped);
    return this.views.render(request, reply, 'hr-staff', {
      title: 'Staff',
      ...(await this.searchPage.find('/hr/staff', raw, { access: false })),
      notice: Number.isSafeInteger(invited) && invited >= 0 ? this.invitedNotice(invited, skipped) : null,
      awaitingPassword: await this.staff.awaitingPasswordWords(),
    });
  }

  /** "Invite everyone who cannot sign in yet": each is mailed a link (held without a mail server). */
  @Post('invitations')
  @Roles('hr', 'admin')
  async inviteEveryone(@Me() me: Principal, @Res() reply: FastifyReply) {
    const { people, skipped } = await this.bulk.waiting(me);
    const invited = await this.bulk.invite(people, me, true);
    return reply.redirect(`/hr/staff?invited=${invited}&skipped=${skipped}`, 303);
  }

  private invitedNotice(invited: number, skipped: number): string {
    const people = (n: number) => `${n} ${n === 1 ? 'person' : 'people'}`;
    const where = this.config.mail.smtpUrl
      ? 'their links are on their way'
      : 'their links wait in the outbox until a mail server is configured';
    const left =
      Number.isSafeInteger(skipped) && skipped > 0
        ? ` ${people(skipped)} with a role above learner were left out: an admin invites them from their page.`
        : '';
    return `Invited ${people(invited)}: ${where}.${left}`;
  }

  @Get(':employeeId')
  @Roles('hr', 'admin')
  async record(
    @Me() me: Principal,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Param('employeeId') employeeId: string,
    @Query('done') done?: string,
  ) {
    const notice =
      done === 'exempted' ? 'Exemption recorded.' : done === 'lifted' ? 'Exemption lifted.' : undefined;
    return this.renderRecord(request, reply, me, employeeId, { notice });
  }

  /**
   * The overdue list's bulk action: the people ticked (`pick`: `course@edition:employeeId`) exempted
   * with one reason, all or none, then back to the list with what happened.
   */
  @Post('exemptions')
  @Roles('hr', 'admin')
  async exemptMany(@Me() me: Principal, @Res() reply: FastifyReply, @Body() form: Record<string, unknown>) {
    const back = backToList(form, /^\/hr\/overdue(\?|$)/, '/hr/overdue');
    const to = (query: string) => reply.redirect(back(query), 303);
    const picks = picksOf(form);
    if (picks.length === 0) return to('error=none');
    const reason = typeof form.reason === 'string' ? form.reason.trim() : '';
    if (reason.length < 3 || reason.length > 500) return to('error=reason');
    const count = await this.assigning.exemptMany(picks, reason, me);
    return to(`done=exempted&count=${count}`);
  }

  @Post(':employeeId/exemptions')
  @Roles('hr', 'admin')
  async exempt(
    @Me() me: Principal,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Param('employeeId') employeeId: string,
    @Body() form: Record<string, unknown>,
  ) {
    const { courseId, edition } = this.courseOf(form);
    const reason = typeof form.reason === 'string' ? form.reason.trim() : '';
    if (reason.length < 3 || reason.length > 500) {
      return this.renderRecord(request, reply, me, employeeId, {
        status: 400,
        failed: `${courseId}@${edition}`,
        errors: [
          {
            text: 'Give a reason for the exemption (3 to 500 characters).',
            href: `#reason-${courseId}-${edition}`,
          },
        ],
      });
    }
    await this.assigning.exempt(employeeId, courseId, edition, reason, me);
    return reply.redirect(`/hr/staff/${encodeURIComponent(employeeId)}?done=exempted`, 303);
  }

  @Post(':employeeId/exemptions/lift')
  @Roles('hr', 'admin')
  async lift(
    @Me() me: Principal,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Param('employeeId') employeeId: string,
    @Body() form: Record<string, unknown>,
  ) {
    const { courseId, edition } = this.courseOf(form);
    await this.assigning.liftExemption(employeeId, courseId, edition, me);
    return reply.redirect(`/hr/staff/${encodeURIComponent(employeeId)}?done=lifted`, 303);
  }

  /**
   * A one-time sign-in link for this person (their first password, or a new one when they forgot it):
   * mailed to them (`send=mail`), or shown on this answer only, for HR to pass on. Earlier unused links
   * stop working; the invitation is audited.
   */
  @Post(':employeeId/invitation')
  @Roles('hr', 'admin')
  async invite(
    @Me() me: Principal,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Param('employeeId') employeeId: string,
    @Body() form: Record<string, unknown>,
  ) {
    const member = await this.staff.byEmployeeId(employeeId);
    if (!member?.account) throw new NotFoundException(`No staff member with employee id ${employeeId}`);
    const mail = form.send === 'mail';
    const { url, expiresAt } = await this.invitations.create(
      member.account,
      me,
      `employee ${employeeId}`,
      mail ? { firstName: member.firstName } : undefined,
    );
    if (mail)
      return this.renderRecord(request, reply, me, employeeId, {
        notice: this.config.mail.smtpUrl
          ? `A sign-in link is on its way to ${member.account.email}. It works once, until ${longDate(expiresAt)}.`
          : `The sign-in link for ${member.account.email} waits in the outbox: no mail server is configured yet.`,
      });
    return this.renderRecord(request, reply, me, employeeId, {
      invitation: { url, untilText: longDate(expiresAt), email: member.account.email },
    });
  }

  /** Whether this viewer gets the sign-in link button, and if not, why (in words). */
  private invitationOffer(
    member: StaffMember,
    viewer: Principal,
  ): { canInvite: boolean; noInvitation?: string } {
    if (member.status === 'inactive')
      return {
        canInvite: false,
        noInvitation: 'No sign-in link: this person has left (roster status inactive).',
      };
    if (member.account && !this.invitations.mayInvite(member.account, viewer))
      return {
        canInvite: false,
        noInvitation: `Only an admin can make a sign-in link for this account: it has the roles ${elevated(member.account.roles).join(', ')}.`,
      };
    return { canInvite: true };
  }

  private courseOf(form: Record<string, unknown>): { courseId: string; edition: string } {
    const [courseId, edition] = typeof form.course === 'string' ? form.course.split('@') : [];
    if (!courseId || !edition || !SLUG.test(courseId) || !EDITION.test(edition)) {
      throw new NotFoundException('No such course edition');
    }
    return { courseId, edition };
  }

  private async renderRecord(
    request: FastifyRequest,
    reply: FastifyReply,
    viewer: Principal,
    employeeId: string,
    extra: {
      status?: number;
      notice?: string;
      failed?: string;
      errors?: { text: string; href: string }[];
      invitation?: { url: string; untilText: string; email: string };
    },
  ) {
    const member = await this.staff.byEmployeeId(employeeId);
    if (!member) throw new NotFoundException(`No staff member with employee id ${employeeId}`);
    const today = todayIso(this.config);
    const [assignments, certificates, reminders] = await Promise.all([
      this.assigning.ofAccount(member.accountId),
      this.certificates.mine(member.id),
      this.reminders.sentTo(member.id, REMINDERS_SHOWN),
    ]);
    const serials = new Map(certificates.map((c) => [c.assignmentId, c]));
    return this.views.render(
      request,
      reply,
      'hr-staff-record',
      {
        title: isolate(`${member.firstName} ${member.lastName}`),
        person: {
          name: `${member.firstName} ${member.lastName}`,
          employeeId: member.employeeId,
          email: member.account?.email ?? '',
          site: member.site ? { name: member.site.name, code: member.site.code } : null,
          role: this.config.roleLabel(member.jobRole),
          status: STAFF_STATUS_WORDS[member.status],
          hiredOn: longDate(member.hireDate),
          hasPassword: Boolean(member.account?.passwordHash),
          ...this.invitationOffer(member, viewer),
        },
        invitation: extra.invitation,
        notice: extra.notice,
        errors: extra.errors,
        assignments: assignments.map((a) => {
          const status = statusOf(a, today);
          const key = `${a.courseId}@${a.edition}`;
          const certificate = serials.get(a.id);
          return {
            key,
            anchor: `${a.courseId}-${a.edition}`,
            title: this.catalog.find(a.courseId, a.edition, { drafts: true })?.title ?? a.courseId,
            edition: a.edition,
            status,
            statusWords: STATUS_WORDS[status],
            dueText: longDate(a.dueDate),
            completedText: a.completedAt ? longDate(a.completedAt) : null,
            exemptReason: a.exemptSource === 'leave' ? 'On leave (from the roster)' : a.exemptReason,
            exemptSince: a.exemptOn ? longDate(a.exemptOn) : null,
            canExempt: !a.completedAt && !a.exemptSource && !a.withdrawnOn,
            canLift: !a.completedAt && a.exemptSource === 'hr' && !a.withdrawnOn,
            invalid: extra.failed === key,
            serial: certificate?.serial ?? null,
          };
        }),
        certificates: certificates.map((c) => ({
          serial: c.serial,
          title: c.courseTitle,
          edition: c.edition,
          hours: hoursOf(c),
          completedText: longDate(c.completedAt),
          revokedText: c.revokedAt ? longDate(c.revokedAt) : null,
        })),
        reminders: reminders.map((r) => ({
          dayText: longDate(r.day),
          what:
            r.kind === 'site'
              ? `Weekly digest of their site (${r.items} past due)`
              : `Reminder of ${r.items} course${r.items === 1 ? '' : 's'}${r.kind === 'hand' ? ', sent from an overdue list' : ''}`,
          subject: r.subject,
          statusWords: r.status ? MAIL_STATUS_WORDS[r.status] : 'Removed from the outbox',
        })),
        remindersShown: REMINDERS_SHOWN,
      },
      extra.status ?? 200,
    );
  }
}
