import { IsIn, IsOptional, Matches } from 'class-validator';
import { EmptyIsUnset, IsPageNumber, IsRealDate } from '../../common/validation.js';
import { ROSTER_JOB_ROLE } from '../../config/job-roles.js';
import { GROUP_BY, type GroupBy, SITE_CODE } from './compliance-query.dto.js';

/** The HR pages' filter form: one "course" select whose values are `courseId@edition`. */
export class DashboardQuery {
  @EmptyIsUnset()
  @IsOptional()
  @Matches(/^[a-z0-9][a-z0-9-]{0,63}@\d{4}-\d{2}$/, { message: 'course must be a course edition' })
  course?: string;

  @EmptyIsUnset()
  @IsOptional()
  @Matches(SITE_CODE, { message: 'site must be a site code' })
  site?: string;

  @EmptyIsUnset()
  @IsOptional()
  // Which roles the district has is configuration (HEARTH_JOB_ROLES): the report checks the name.
  @Matches(ROSTER_JOB_ROLE, { message: 'role must be a job role' })
  role?: string;

  @EmptyIsUnset()
  @IsOptional()
  @IsIn(GROUP_BY, { message: 'groupBy must be site or role' })
  groupBy?: GroupBy;

  @EmptyIsUnset()
  @IsOptional()
  @IsRealDate('asOf')
  asOf?: string;

  @EmptyIsUnset()
  @IsOptional()
  @IsPageNumber()
  page?: number;
}

export class DashboardCsvQuery extends DashboardQuery {
  /** The overdue list's export. */
  @EmptyIsUnset()
  @IsOptional()
  @IsIn(['overdue'], { message: 'status must be overdue' })
  status?: 'overdue';
}
