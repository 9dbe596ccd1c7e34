import { Readable } from 'node:stream';
import { BadRequestException, Injectable, NotFoundException } from '@nestjs/common';
import { localDay, startOfLocalDay, todayIso } from '../common/clock.js';
import { CSV_BOM, csvRow } from '../common/csv.js';
import { AppConfig } from '../config/app-config.js';
import type { StaffMember } from '../staff/staff-member.entity.js';
import { TrainingSessionsRepository } from '../sessions/training-sessions.repository.js';
import { StaffRepository } from '../staff/staff.repository.js';
import { schoolYearDays, schoolYearHint, schoolYearOf } from './school-year.js';
import { buildTranscript, type Transcript } from './transcript.js';
import { renderTranscriptPdf } from './transcript-pdf.js';
import { type HoursRow, TranscriptsRepository } from './transcripts.repository.js';

export const HOURS_COLUMNS = [
  'school_year',
  'employee_id',
  'first_name',
  'last_name',
  'site_code',
  'job_role',
  'course_hours',
  'session_hours',
  'program_hours',
  'total_hours',
] as const;

const ROWS_PER_CHUNK = 400;

/** A PD transcript (a person's page, PDF and JSON) and HR's CSV of everyone's hours in a school year. */
@Injectable()
export class TranscriptsService {
  constructor(
    private readonly transcripts: TranscriptsRepository,
    private readonly staff: StaffRepository,
    private readonly sessions: TrainingSessionsRepository,
    private readonly config: AppConfig,
  ) {}

  /**
   * The signed-in person's, as staff or as a community learner (their certificates only: sessions are
   * for staff); 404 for an account that is neither (the bootstrap admin).
   */
  async ofAccount(accountId: number): Promise<Transcript> {
    const member = await this.staff.findByAccountId(accountId);
    if (member) return this.build(member);
    const learner = await this.transcripts.communityLearnerName(accountId);
    if (!learner) throw new NotFoundException('You have no staff record, so no PD transcript');
    return buildTranscript(
      { employeeId: null, name: `${learner.firstName} ${learner.lastName}` },
      await this.transcripts.certified({ accountId }),
      this.config.schoolYearStartMonth,
    );
  }

  async ofEmployee(employeeId: string): Promise<Transcript> {
    const member = await this.staff.findByEmployeeId(employeeId);
    if (!member) throw new NotFoundException(`No staff member with employee id ${employeeId}`);
    return this.build(member);
  }

  /** The transcript as a PDF file to send: `transcript-EMPLOYEEID.pdf`. */
  async pdfFile(transcript: Transcript): Promise<{ kind: 'pdf'; name: string; body: Buffer }> {
    const body = await renderTranscriptPdf(transcript, {
      districtName: this.config.districtName,
      generatedOn: todayIso(this.config),
    });
    return { kind: 'pdf', name: `transcript-${transcript.employeeId ?? 'community'}`, body };
  }

  /** The school year asked for (checked), else the one today is in. */
  schoolYear(asked?: string): { name: string; from: string; to: string } {
    const name = asked ?? schoolYearOf(todayIso(this.config), this.config.schoolYearStartMonth);
    const days = schoolYearDays(name, this.config.schoolYearStartMonth);
    if (!days)
      throw new BadRequestException([
        `schoolYear must be ${schoolYearHint(this.config.schoolYearStartMonth)} (found "${name}")`,
      ]);
    return { name, ...days };
  }

  /** Everyone's hours in one school year, for state reporting: a streamed CSV, memory flat at any size. */
  hoursCsv(asked?: string): { name: string; body: Readable } {
    const year = this.schoolYear(asked);
    const before = startOfLocalDay(year.to);
    before.setDate(before.getDate() + 1);
    const pages = this.transcripts.hoursByPerson(startOfLocalDay(year.from), before);
    return {
      name: `pd-hours-${year.name}`,
      body: Readable.from(hoursText(year.name, pages), { objectMode: false }),
    };
  }

  private async build(member: StaffMember): Promise<Transcript> {
    const sessions = (await this.sessions.attendedBy(member.id)).map((session) => ({
      kind: 'session' as const,
      title: session.title,
      day: localDay(session.startsAt),
      pdHours: session.pdHoursX100 / 100,
      serial: null,
    }));
    const entries = [...(await this.transcripts.certified({ staffId: member.id })), ...sessions];
    return buildTranscript(
      { employeeId: member.employeeId, name: `${member.firstName} ${member.lastName}` },
      entries,
      this.config.schoolYearStartMonth,
    );
  }
}

const hours = (x100: number) => String(x100 / 100);

async function* hoursText(schoolYear: string, pages: AsyncIterable<HoursRow[]>): AsyncGenerator<string> {
  yield CSV_BOM + csvRow(HOURS_COLUMNS);
  for await (const page of pages)
    for (let i = 0; i < page.length; i += ROWS_PER_CHUNK)
      yield page
        .slice(i, i + ROWS_PER_CHUNK)
        .map((row) =>
          csvRow([
            schoolYear,
            row.employeeId,
            row.firstName,
            row.lastName,
            row.siteCode,
            row.jobRole,
            hours(row.courseHoursX100),
            hours(row.sessionHoursX100),
            hours(row.programHoursX100),
            hours(row.courseHoursX100 + row.sessionHoursX100 + row.programHoursX100),
          ]),
        )
        .join('');
}
