import {
  Body,
  ConflictException,
  Controller,
  Get,
  NotFoundException,
  Param,
  ParseIntPipe,
  Post,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Roles } from '../identity/access.decorators.js';
import type { Account } from '../identity/account.entity.js';
import { AccountsService } from '../identity/accounts.service.js';
import { Me, type Principal } from '../identity/principal.js';
import { isRole, type Role } from '../identity/roles.js';
import { homeFor } from '../identity/session-cookie.js';
import { isolate } from '../web/isolate.js';
import { ViewService } from '../web/view.service.js';
import type { StaffMember } from './staff-member.entity.js';
import { STAFF_STATUS_WORDS, StaffSearchPage } from './staff-search-page.js';
import { StaffService } from './staff.service.js';

/** The roles an admin hands out on the page, with what each lets a person do (learner is everyone's). */
const GRANTABLE: { role: Role; label: string; hint: string }[] = [
  {
    role: 'trainer',
    label: 'Trainer',
    hint: 'Authors and previews courses; sees per-question quiz statistics.',
  },
  {
    role: 'hr',
    label: 'HR',
    hint: 'The roster, assignments, exemptions, reports and anyone’s certificates.',
  },
  { role: 'admin', label: 'Admin', hint: 'Everything HR can do, plus granting roles and the audit log.' },
];

/**
 * The admin's people pages: everyone who can sign in and their Hearth roles, and a person's roles
 * granted or removed. Each change goes through AccountsService.setRoles, the same as
 * `PUT /api/staff/:employeeId/roles`: audited with the change, and the last admin who can sign in
 * keeps the role.
 */
@ApiExcludeController()
@Controller('admin/people')
export class PeoplePagesController {
  constructor(
    private readonly views: ViewService,
    private readonly searchPage: StaffSearchPage,
    private readonly staff: StaffService,
    private readonly accounts: AccountsService,
  ) {}

  @Get()
  @Roles('admin')
  async list(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Query() raw: Record<string, unknown>,
  ) {
    const found = await this.searchPage.find('/admin/people', raw, { access: true });
    // Accounts the roster does not list matter only when the search is not narrowed to the roster.
    const offRoster = found.filtered ? [] : await this.accounts.elevatedWithoutStaff();
    return this.views.render(request, reply, 'admin-people', {
      title: 'People and roles',
      ...found,
      offRoster: offRoster.map((account) => ({
        accountId: account.id,
        email: account.email,
        hearthRoles: account.roles.join(', '),
      })),
    });
  }

  @Get(':accountId')
  @Roles('admin')
  async person(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Param('accountId', ParseIntPipe) accountId: number,
    @Query('done') done?: string,
  ) {
    const { account, member } = await this.holder(accountId);
    return this.renderPerson(request, reply, account, member, {
      notice: done === 'saved' ? `Roles saved: ${account.roles.join(', ')}.` : undefined,
    });
  }

  @Post(':accountId/roles')
  @Roles('admin')
  async setRoles(
    @Me() me: Principal,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Param('accountId', ParseIntPipe) accountId: number,
    @Body() form: Record<string, unknown>,
  ) {
    const { account, member } = await this.holder(accountId);
    const chosen = [form.roles ?? []].flat();
    const roles = chosen.filter((value): value is Role => typeof value === 'string' && isRole(value));
    if (roles.length !== chosen.length)
      return this.renderPerson(request, reply, account, member, {
        status: 400,
        errors: [{ text: 'Choose roles from the list.', href: '#role-trainer' }],
      });
    // The API's target, for a person on the roster, so the audit log names them the same either way.
    const target = member ? `employee ${member.employeeId}` : `account ${account.email}`;
    let after: Role[];
    try {
      after = await this.accounts.setRoles(account, roles, me, target);
    } catch (error) {
      if (!(error instanceof ConflictException)) throw error;
      return this.renderPerson(request, reply, account, member, {
        status: 409,
        errors: [
          { text: `${error.message.charAt(0).toUpperCase()}${error.message.slice(1)}.`, href: '#role-admin' },
        ],
      });
    }
    // Someone who just gave up their own admin role can no longer see this page: their own home.
    if (account.id === me.accountId && !after.includes('admin')) return reply.redirect(homeFor(after), 303);
    return reply.redirect(`/admin/people/${account.id}?done=saved`, 303);
  }

  /**
   * The account and its staff record (none for the first admin, say). A community learner's account is
   * not offered: the roster does not know them, and the API cannot reach them either.
   */
  private async holder(accountId: number): Promise<{ account: Account; member: StaffMember | null }> {
    const account = await this.accounts.findById(accountId);
    if (!account || (await this.accounts.isCommunityLearner(accountId)))
      throw new NotFoundException(`No staff account with id ${accountId}`);
    return { account, member: await this.staff.byAccountId(accountId) };
  }

  private renderPerson(
    request: FastifyRequest,
    reply: FastifyReply,
    account: Account,
    member: StaffMember | null,
    extra: { status?: number; notice?: string; errors?: { text: string; href: string }[] },
  ) {
    const name = member ? `${member.firstName} ${member.lastName}` : account.email;
    return this.views.render(
      request,
      reply,
      'admin-person',
      {
        title: isolate(name),
        person: {
          accountId: account.id,
          name,
          email: account.email,
          employeeId: member?.employeeId ?? null,
          site: member?.site ? `${member.site.name} (${member.site.code})` : null,
          status: member ? STAFF_STATUS_WORDS[member.status] : null,
          hearthRoles: account.roles.join(', '),
        },
        choices: GRANTABLE.map((choice) => ({ ...choice, checked: account.roles.includes(choice.role) })),
        notice: extra.notice,
        errors: extra.errors,
      },
      extra.status ?? 200,
    );
  }
}
