import {
  Body,
  Controller,
  Get,
  HttpCode,
  NotFoundException,
  Param,
  Post,
  Put,
  Query,
  Req,
  Res,
  UnprocessableEntityException,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Roles, SignedIn } from '../identity/access.decorators.js';
import { AccountsService } from '../identity/accounts.service.js';
import { InvitationsService } from '../identity/invitations.service.js';
import { Me, type Principal } from '../identity/principal.js';
import { CreateInvitationDto } from './dto/create-invitation.dto.js';
import { ImportQueryDto } from './dto/import-query.dto.js';
import { SetRolesDto } from './dto/set-roles.dto.js';
import { StaffQueryDto } from './dto/staff-query.dto.js';
import { RosterImportService } from './roster-import.service.js';
import { StaffService } from './staff.service.js';

@ApiTags('staff')
@ApiBearerAuth()
@Controller('api')
export class StaffController {
  constructor(
    private readonly staff: StaffService,
    private readonly importer: RosterImportService,
    private readonly accounts: AccountsService,
    private readonly invitations: InvitationsService,
  ) {}

  @Get('staff')
  @Roles('hr', 'admin')
  @ApiOperation({ summary: 'Staff, paged and filtered' })
  async list(@Query() query: StaffQueryDto) {
    const { items, total } = await this.staff.findPage(query);
    return { items, total, page: query.page, pageSize: query.pageSize };
  }

  @Post('staff/import')
  @HttpCode(200)
  @Roles('hr', 'admin')
  @ApiOperation({ summary: 'Import the roster CSV (all rows or nothing)' })
  @ApiConsumes('text/csv')
  @ApiBody({
    schema: {
      type: 'string',
      example: 'employee_id,first_name,last_name,email,site_code,job_role,hire_date\n',
    },
  })
  @ApiUnprocessableEntityResponse({
    description: '{"errors":[{"line":N,"column":"…","message":"…"}]}: nothing was written',
  })
  async import(@Me() me: Principal, @Req() request: FastifyRequest, @Query() query: ImportQueryDto) {
    if (!Buffer.isBuffer(request.body)) {
      throw new UnprocessableEntityException({
        errors: [
          { line: 0, column: '', message: 'send the roster as the request body with Content-Type: text/csv' },
        ],
      });
    }
    const result = await this.importer.importCsv(
      request.body,
      { sync: query.mode === 'sync', dryRun: query.dryRun ?? false },
      me,
    );
    if (!result.ok)
      throw new UnprocessableEntityException({ errors: result.errors, warnings: result.warnings });
    return { ...result.counts, dryRun: result.dryRun, warnings: result.warnings };
  }

  @Post('staff/import/oneroster')
  @HttpCode(200)
  @Roles('hr', 'admin')
  @ApiOperation({
    summary: 'Import the staff in a OneRoster 1.2 CSV package (a ZIP): all or nothing, as the roster CSV',
  })
  @ApiConsumes('application/zip')
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  @ApiUnprocessableEntityResponse({
    description: '{"errors":[{"file":"users.csv","line":N,"column":"…","message":"…"}]}: nothing was written',
  })
  async importOneRoster(@Me() me: Principal, @Req() request: FastifyRequest, @Query() query: ImportQueryDto) {
    if (!Buffer.isBuffer(request.body)) {
      throw new UnprocessableEntityException({
        errors: [
          {
            file: '',
            line: 0,
            column: '',
            message: 'send the OneRoster package as the request body with Content-Type: application/zip',
          },
        ],
      });
    }
    const result = await this.importer.importOneRoster(
      request.body,
      { sync: query.mode === 'sync', dryRun: query.dryRun ?? false },
      me,
    );
    if (!result.ok)
      throw new UnprocessableEntityException({ errors: result.errors, warnings: result.warnings });
    return { ...result.counts, dryRun: result.dryRun, warnings: result.warnings };
  }

  @Put('staff/:employeeId/roles')
  @Roles('admin')
  @ApiOperation({ summary: 'Replace a staff member’s roles (learner is always kept)' })
  async setRoles(@Me() me: Principal, @Param('employeeId') employeeId: string, @Body() body: SetRolesDto) {
    const member = await this.staff.byEmployeeId(employeeId);
    if (!member?.account) throw new NotFoundException(`No staff member with employee id ${employeeId}`);
    const roles = await this.accounts.setRoles(member.account, body.roles, me, `employee ${employeeId}`);
    return { employeeId, roles };
  }

  @Post('auth/invitations')
  @Roles('hr', 'admin')
  @ApiOperation({ summary: 'A one-time link for a staff member to set a password; with send, also mailed' })
  async invite(@Me() me: Principal, @Body() body: CreateInvitationDto) {
    const member = await this.staff.byEmployeeId(body.employeeId);
    if (!member?.account) throw new NotFoundException(`No staff member with employee id ${body.employeeId}`);
    const { token, url, expiresAt } = await this.invitations.create(
      member.account,
      me,
      `employee ${body.employeeId}`,
      body.send ? { firstName: member.firstName } : undefined,
    );
    return { token, url, expiresAt: expiresAt.toISOString(), sent: Boolean(body.send) };
  }

  @Get('me')
  @SignedIn()
  @ApiOperation({ summary: 'The signed-in account, its roles and staff record' })
  async me(@Me() principal: Principal, @Res({ passthrough: true }) reply: FastifyReply) {
    reply.header('cache-control', 'no-store');
    const member = await this.staff.byAccountId(principal.accountId);
    return {
      id: principal.accountId,
      email: principal.email,
      roles: principal.roles,
      // A community learner (joined with a cohort's code) has no staff record.
      community: Boolean(principal.community),
      staff: member
        ? {
            employeeId: member.employeeId,
            firstName: member.firstName,
            lastName: member.lastName,
            siteCode: member.site?.code ?? null,
            siteName: member.site?.name ?? null,
            jobRole: member.jobRole,
            hireDate: member.hireDate,
            status: member.status,
          }
        : null,
    };
  }
}
