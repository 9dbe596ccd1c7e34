import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsInt, IsOptional, Matches, Max, MaxLength, Min } from 'class-validator';
import { Type } from 'class-transformer';
import { startOfLocalDay } from '../../common/clock.js';
import { IsRealDate } from '../../common/validation.js';
import { addDays } from '../../learning/assignment-rules.js';
import type { AuditFilters } from '../audit.repository.js';

export class AuditQueryDto {
  @ApiPropertyOptional({ description: 'Email of the account that acted' })
  @IsOptional()
  @IsEmail()
  actor?: string;

  @ApiPropertyOptional({ description: 'Action name, e.g. staff.import' })
  @IsOptional()
  @Matches(/^[a-z][a-z0-9_.-]*$/, { message: 'action must be an action name such as staff.import' })
  @MaxLength(64)
  action?: string;

  @ApiPropertyOptional({ description: "From the start of this day (YYYY-MM-DD) in the server's time zone" })
  @IsOptional()
  @IsRealDate('from')
  from?: string;

  @ApiPropertyOptional({ description: "Up to the end of this day (YYYY-MM-DD) in the server's time zone" })
  @IsOptional()
  @IsRealDate('to')
  to?: string;

  @ApiPropertyOptional({ description: 'At most this many entries, newest first (default 500)' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(5000)
  limit?: number;

  @ApiPropertyOptional({ description: 'Pass over this many entries first, newest first (paging; default 0)' })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'offset must be a whole number' })
  @Min(0)
  @Max(10_000_000)
  offset?: number;
}

/** The filters of a query, its days in the server's time zone like every other day in Hearth. */
export function auditFilters(query: AuditQueryDto): AuditFilters {
  return {
    actor: query.actor,
    action: query.action,
    from: query.from ? startOfLocalDay(query.from) : undefined,
    to: query.to ? startOfLocalDay(addDays(query.to, 1)) : undefined,
    offset: query.offset,
  };
}
