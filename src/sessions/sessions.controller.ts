import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Roles, SignedIn } from '../identity/access.decorators.js';
import { Me, type Principal } from '../identity/principal.js';
import { AttendanceService } from './attendance.service.js';
import {
  AttendanceDto,
  CreateSessionDto,
  RegisterDto,
  SessionParams,
  SessionRangeQuery,
  UpdateSessionDto,
} from './dto/session.dto.js';
import { RegistrationsService } from './registrations.service.js';
import { sessionJson, SessionsService } from './sessions.service.js';

@ApiTags('sessions')
@ApiBearerAuth()
@Controller('api/sessions')
export class SessionsController {
  constructor(
    private readonly sessions: SessionsService,
    private readonly registrations: RegistrationsService,
    private readonly attendance: AttendanceService,
  ) {}

  @Post()
  @Roles('trainer', 'admin')
  @ApiOperation({ summary: 'Schedule a facilitated session' })
  async create(@Me() me: Principal, @Body() body: CreateSessionDto) {
    return sessionJson(await this.sessions.schedule(body, me));
  }

  @Get()
  @SignedIn()
  @ApiOperation({ summary: 'Sessions starting between two days, with seats left and my place' })
  async list(@Me() me: Principal, @Query() query: SessionRangeQuery) {
    return (await this.sessions.list(me, query.from, query.to)).map(sessionJson);
  }

  @Get(':id.ics')
  @SignedIn()
  @ApiProduces('text/calendar')
  @ApiOperation({ summary: 'The session as an iCalendar file (registered people, facilitators, hr, admin)' })
  async ics(@Me() me: Principal, @Param() params: SessionParams, @Res() reply: FastifyReply) {
    const ics = await this.sessions.ics(params.id, me);
    return reply
      .header('content-type', 'text/calendar; charset=utf-8')
      .header('content-disposition', `attachment; filename="session-${params.id}.ics"`)
      .send(ics);
  }

  @Patch(':id')
  @Roles('trainer', 'admin')
  @ApiOperation({ summary: 'Change a session (a capacity below the seats taken is refused)' })
  async update(@Me() me: Principal, @Param() params: SessionParams, @Body() body: UpdateSessionDto) {
    return sessionJson(await this.sessions.update(params.id, body, me));
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @Roles('trainer', 'admin')
  @ApiOperation({ summary: 'Cancel a session: every seat and place on the wait-list is freed' })
  async cancel(@Me() me: Principal, @Param() params: SessionParams) {
    return sessionJson(await this.sessions.cancel(params.id, me));
  }

  @Post(':id/registrations')
  @SignedIn()
  @ApiOperation({
    summary: 'Register (myself; hr and admins: anyone, by employeeId): a seat or the wait-list',
  })
  async register(
    @Me() me: Principal,
    @Param() params: SessionParams,
    @Body() body: RegisterDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const result = await this.registrations.register(params.id, me, body.employeeId);
    // Registering twice is no new place: 200 with the place already held.
    reply.status(result.created ? 201 : 200);
    return { status: result.status, employeeId: result.employeeId };
  }

  @Delete(':id/registrations')
  @HttpCode(200)
  @SignedIn()
  @ApiOperation({ summary: 'Give up a place; the first on the wait-list takes a freed seat' })
  async unregister(@Me() me: Principal, @Param() params: SessionParams, @Body() body: RegisterDto) {
    return this.registrations.cancel(params.id, me, body?.employeeId);
  }

  @Put(':id/attendance')
  @SignedIn()
  @ApiOperation({ summary: 'Record who came (its facilitators, trainer, hr, admin); replaces the list' })
  async recordAttendance(@Me() me: Principal, @Param() params: SessionParams, @Body() body: AttendanceDto) {
    return this.attendance.record(params.id, me, body.attended);
  }
}
