import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { EmptyIsUnset, IsRealDate } from '../../common/validation.js';

/** HR's reminders page: which day's digests to list, and the page of that list. */
export class RemindersQuery {
  @EmptyIsUnset()
  @IsOptional()
  @IsRealDate('day')
  day?: string;

  @EmptyIsUnset()
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'page must be a whole number' })
  @Min(1)
  @Max(100_000)
  page?: number;
}
