import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { longDate } from '../common/clock.js';
import { Roles, SignedIn } from '../identity/access.decorators.js';
import { Me, type Principal } from '../identity/principal.js';
import { ViewService } from '../web/view.service.js';
import { sendDownload } from '../web/download.js';
import { PdHoursQuery } from './dto/transcript.dto.js';
import type { Transcript } from './transcript.js';
import { hoursText, KIND_WORDS } from './transcript-pdf.js';
import { TranscriptsService } from './transcripts.service.js';

/** The transcript as its page shows it: dates and kinds in words. */
function transcriptView(transcript: Transcript) {
  return {
    ...transcript,
    totalText: hoursText(transcript.totalHours),
    years: transcript.years.map((year) => ({
      ...year,
      totalText: hoursText(year.hours.total),
      entries: year.entries.map((entry) => ({
        ...entry,
        dayText: longDate(entry.day),
        kindText: KIND_WORDS[entry.kind],
      })),
    })),
  };
}

/** The PD transcript pages: a person's own, and HR's view of anyone's, with the PDF and the hours CSV. */
@ApiExcludeController()
@Controller()
export class TranscriptPagesController {
  constructor(
    private readonly transcripts: TranscriptsService,
    private readonly views: ViewService,
  ) {}

  @Get('transcript')
  @SignedIn()
  async mine(@Me() me: Principal, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const transcript = await this.transcripts.ofAccount(me.accountId);
    return this.views.render(request, reply, 'transcript', {
      title: 'My PD transcript',
      transcript: transcriptView(transcript),
      pdf: '/transcript.pdf',
      own: true,
    });
  }

  @Get('transcript.pdf')
  @SignedIn()
  async minePdf(@Me() me: Principal, @Res() reply: FastifyReply) {
    const transcript = await this.transcripts.ofAccount(me.accountId);
    return sendDownload(reply, await this.transcripts.pdfFile(transcript));
  }

  @Get('hr/staff/:employeeId/transcript')
  @Roles('hr', 'admin')
  async ofStaff(
    @Param('employeeId') employeeId: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const transcript = await this.transcripts.ofEmployee(employeeId);
    return this.views.render(request, reply, 'transcript', {
      title: `PD transcript: ${transcript.name}`,
      transcript: transcriptView(transcript),
      pdf: `/hr/staff/${encodeURIComponent(employeeId)}/transcript.pdf`,
      record: `/hr/staff/${encodeURIComponent(employeeId)}`,
    });
  }

  @Get('hr/staff/:employeeId/transcript.pdf')
  @Roles('hr', 'admin')
  async ofStaffPdf(@Param('employeeId') employeeId: string, @Res() reply: FastifyReply) {
    const transcript = await this.transcripts.ofEmployee(employeeId);
    return sendDownload(reply, await this.transcripts.pdfFile(transcript));
  }

  @Get('hr/pd-hours.csv')
  @Roles('hr', 'admin')
  hours(@Query() query: PdHoursQuery, @Res() reply: FastifyReply) {
    return sendDownload(reply, { kind: 'csv', ...this.transcripts.hoursCsv(query.schoolYear) });
  }
}
