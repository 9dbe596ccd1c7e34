import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Roles, SignedIn } from '../identity/access.decorators.js';
import { Me, type Principal } from '../identity/principal.js';
import { sendDownload } from '../web/download.js';
import { PdHoursQuery } from './dto/transcript.dto.js';
import { TranscriptsService } from './transcripts.service.js';

@ApiTags('transcripts')
@ApiBearerAuth()
@Controller('api')
export class TranscriptsController {
  constructor(private readonly transcripts: TranscriptsService) {}

  @Get('me/transcript')
  @SignedIn()
  @ApiOperation({
    summary: 'My PD transcript: completed courses, sessions and programs by school year, with hours',
  })
  mine(@Me() me: Principal) {
    return this.transcripts.ofAccount(me.accountId);
  }

  @Get('me/transcript.pdf')
  @SignedIn()
  @ApiProduces('application/pdf')
  @ApiOperation({ summary: 'My PD transcript as a PDF' })
  async minePdf(@Me() me: Principal, @Res() reply: FastifyReply) {
    const transcript = await this.transcripts.ofAccount(me.accountId);
    return sendDownload(reply, await this.transcripts.pdfFile(transcript));
  }

  @Get('staff/:employeeId/transcript')
  @Roles('hr', 'admin')
  @ApiOperation({ summary: 'A staff member’s PD transcript' })
  ofStaff(@Param('employeeId') employeeId: string) {
    return this.transcripts.ofEmployee(employeeId);
  }

  @Get('staff/:employeeId/transcript.pdf')
  @Roles('hr', 'admin')
  @ApiProduces('application/pdf')
  @ApiOperation({ summary: 'A staff member’s PD transcript as a PDF' })
  async ofStaffPdf(@Param('employeeId') employeeId: string, @Res() reply: FastifyReply) {
    const transcript = await this.transcripts.ofEmployee(employeeId);
    return sendDownload(reply, await this.transcripts.pdfFile(transcript));
  }

  @Get('reports/pd-hours.csv')
  @Roles('hr', 'admin')
  @ApiProduces('text/csv')
  @ApiOperation({ summary: 'Everyone’s PD hours in a school year, one row per person (for state reporting)' })
  hours(@Query() query: PdHoursQuery, @Res() reply: FastifyReply) {
    return sendDownload(reply, { kind: 'csv', ...this.transcripts.hoursCsv(query.schoolYear) });
  }
}
