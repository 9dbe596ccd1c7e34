import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { EmptyIsUnset, IsEdition, IsRealDate, IsSlug } from '../../common/validation.js';
import { ROSTER_JOB_ROLE } from '../../config/job-roles.js';
import type { AssignmentStatus } from '../../learning/assignment-rules.js';

export const GROUP_BY = ['site', 'role'] as const;
/** A site code as the roster may write it (the reports' `site` filter and the site pages). */
export const SITE_CODE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
export type GroupBy = (typeof GROUP_BY)[number];

export class ReportEditionQuery {
  @ApiPropertyOptional({ example: 'carma', description: 'A course id (default: every course)' })
  @EmptyIsUnset()
  @IsOptional()
  @IsSlug('courseId')
  courseId?: string;

  @ApiPropertyOptional({
    example: '2026-27',
    description: "An edition of that course (default: the course's edition in force)",
  })
  @EmptyIsUnset()
  @IsOptional()
  @IsEdition()
  edition?: string;
}

export class QuizItemsQuery {
  @ApiProperty({ example: 'carma' })
  @IsSlug('courseId')
  courseId: string;

  @ApiPropertyOptional({ example: '2026-27', description: "Default: the course's edition in force" })
  @EmptyIsUnset()
  @IsOptional()
  @IsEdition()
  edition?: string;
}

export class ComplianceQuery extends ReportEditionQuery {
  @ApiPropertyOptional({ description: 'Only this site (site code)' })
  @EmptyIsUnset()
  @IsOptional()
  @Matches(SITE_CODE, { message: 'site must be a site code' })
  site?: string;

  @ApiPropertyOptional({
    description: 'Only this job role (one of HEARTH_JOB_ROLES, or another the roster holds)',
  })
  @EmptyIsUnset()
  @IsOptional()
  // Which roles there are is the configuration and the roster (rolesWithHeld): the report checks the name.
  @Matches(ROSTER_JOB_ROLE, { message: 'role must be a job role' })
  role?: string;

  @ApiPropertyOptional({ enum: GROUP_BY, default: 'site' })
  @EmptyIsUnset()
  @IsOptional()
  @IsIn(GROUP_BY, { message: 'groupBy must be site or role' })
  groupBy?: GroupBy;

  @ApiPropertyOptional({ example: '2026-10-31', description: 'Report as of this day (default: today)' })
  @EmptyIsUnset()
  @IsOptional()
  @IsRealDate('asOf')
  asOf?: string;
}

const STATUSES = ['not_started', 'in_progress', 'completed', 'overdue', 'exempt'] as const;

export class ComplianceCsvQuery extends ComplianceQuery {
  @ApiPropertyOptional({ enum: STATUSES, description: 'Only rows in this status (e.g. the overdue list)' })
  @EmptyIsUnset()
  @IsOptional()
  @IsIn(STATUSES, { message: `status must be one of ${STATUSES.join(', ')}` })
  status?: AssignmentStatus;
}
