import { ApiProperty, ApiPropertyOptional, PickType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { EmptyIsUnset } from '../../common/validation.js';
import { ComplianceQuery, SITE_CODE } from './compliance-query.dto.js';
import { DashboardQuery } from './dashboard-query.dto.js';

export const OVERDUE_LIMIT = { default: 100, max: 500 } as const;

export class SiteParams {
  @ApiProperty({ example: 'LIN', description: 'A site code' })
  @Matches(SITE_CODE, { message: 'siteCode must be a site code' })
  siteCode: string;
}

/** A site's report: HR's filters but the site (the path's) and the grouping (by role). */
export class SiteCsvQuery extends PickType(ComplianceQuery, ['courseId', 'edition', 'asOf'] as const) {}

export class SiteComplianceQuery extends SiteCsvQuery {
  @ApiPropertyOptional({ default: 0, description: 'The overdue list from this row on' })
  @EmptyIsUnset()
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'offset must be a whole number' })
  @Min(0, { message: 'offset must not be less than 0' })
  offset?: number;

  @ApiPropertyOptional({ default: OVERDUE_LIMIT.default, maximum: OVERDUE_LIMIT.max })
  @EmptyIsUnset()
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'limit must be a whole number' })
  @Min(1, { message: 'limit must not be less than 1' })
  @Max(OVERDUE_LIMIT.max, { message: `limit must not be greater than ${OVERDUE_LIMIT.max}` })
  limit?: number;
}

/** The site page's CSV link: the course select's value (`courseId@edition`) and the as-of day. */
export class SitePageCsvQuery extends PickType(DashboardQuery, ['course', 'asOf'] as const) {}

/** The site page's GET form: the course, the as-of day, and the overdue list's page. */
export class SitePageQuery extends PickType(DashboardQuery, ['course', 'asOf', 'page'] as const) {}
