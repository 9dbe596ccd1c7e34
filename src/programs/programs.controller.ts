import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Post,
  Req,
  UnprocessableEntityException,
} from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Roles, SignedIn } from '../identity/access.decorators.js';
import { Me, type Principal } from '../identity/principal.js';
import { EnrolDto, EnrolmentParams, ProgramParams } from './dto/program.dto.js';
import { type MyProgram, programJson, ProgramsService } from './programs.service.js';

/** A person's program as the API shows it: the program, and how far they are. */
function myProgramJson(mine: MyProgram) {
  return {
    ...programJson(mine.program),
    status: mine.progress.status,
    partsDone: mine.progress.partsDone,
    partsTotal: mine.progress.partsTotal,
    progress: {
      courses: mine.progress.courses,
      sessions: mine.progress.sessions,
      practicum: mine.progress.practicum,
    },
    enrolledBy: mine.enrolledBy,
    completedAt: mine.completedAt?.toISOString() ?? null,
    certificateSerial: mine.certificateSerial,
  };
}

@ApiTags('programs')
@ApiBearerAuth()
@Controller('api')
export class ProgramsController {
  constructor(private readonly programs: ProgramsService) {}

  @Get('programs')
  @SignedIn()
  @ApiOperation({ summary: 'The published programs: courses, sessions required, period and PD hours' })
  list() {
    return this.programs.list().map(programJson);
  }

  @Get('me/programs')
  @SignedIn()
  @ApiOperation({ summary: 'My programs (by audience or HR enrolment), with my progress' })
  async mine(@Me() me: Principal) {
    return (await this.programs.mine(me.accountId)).map(myProgramJson);
  }

  @Post('me/programs/:programId/:edition/practicum')
  @HttpCode(200)
  @SignedIn()
  @ApiOperation({
    summary: 'Confirm my practicum (idempotent); may complete the program and issue its certificate',
  })
  async practicum(@Me() me: Principal, @Param() params: ProgramParams) {
    return myProgramJson(await this.programs.attestPracticum(me.accountId, params.programId, params.edition));
  }

  @Get('programs/:programId/:edition/enrolments')
  @Roles('hr', 'admin')
  @ApiOperation({ summary: 'Everyone enrolled in a program edition, with their progress' })
  async enrolled(@Param() params: ProgramParams) {
    const rows = await this.programs.enrolled(this.programs.find(params.programId, params.edition));
    return rows.map((row) => ({
      employeeId: row.employeeId,
      firstName: row.firstName,
      lastName: row.lastName,
      siteCode: row.siteCode,
      enrolledBy: row.source,
      status: row.progress.status,
      partsDone: row.progress.partsDone,
      partsTotal: row.progress.partsTotal,
      completedAt: row.completedAt?.toISOString() ?? null,
    }));
  }

  @Post('programs/:programId/:edition/enrolments')
  @HttpCode(200)
  @Roles('hr', 'admin')
  @ApiOperation({ summary: 'Enrol people by employee id (all of them, or none); audited' })
  enrol(@Me() me: Principal, @Param() params: ProgramParams, @Body() body: EnrolDto) {
    const ids = body.employeeIds.map((employeeId, i) => ({ employeeId: employeeId.trim(), line: i + 1 }));
    return this.programs.enrol(this.programs.find(params.programId, params.edition), ids, me);
  }

  @Post('programs/:programId/:edition/enrolments/import')
  @HttpCode(200)
  @Roles('hr', 'admin')
  @ApiConsumes('text/csv')
  @ApiBody({ schema: { type: 'string', example: 'employee_id\nE10042\n' } })
  @ApiOperation({
    summary: 'Enrol the people of a CSV with an employee_id column (all rows or none); audited',
  })
  enrolCsv(@Me() me: Principal, @Param() params: ProgramParams, @Req() request: FastifyRequest) {
    if (!Buffer.isBuffer(request.body))
      throw new UnprocessableEntityException({
        errors: [
          { line: 0, column: '', message: 'send the CSV as the request body with Content-Type: text/csv' },
        ],
      });
    return this.programs.enrolCsv(params.programId, params.edition, request.body, me);
  }

  @Delete('programs/:programId/:edition/enrolments/:employeeId')
  @Roles('hr', 'admin')
  @ApiOperation({
    summary: 'Take someone out of a program (not once a practicum or completion is on record); audited',
  })
  unenrol(@Me() me: Principal, @Param() params: EnrolmentParams) {
    return this.programs.unenrol(this.programs.find(params.programId, params.edition), params.employeeId, me);
  }
}
