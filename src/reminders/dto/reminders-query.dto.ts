import { IsOptional } from 'class-validator';
import { EmptyIsUnset, IsPageNumber, IsRealDate } from '../../common/validation.js';

/** HR's reminders page: which day's digests to list, and the page of that list. */
export class RemindersQuery {
  @EmptyIsUnset()
  @IsOptional()
  @IsRealDate('day')
  day?: string;

  @EmptyIsUnset()
  @IsOptional()
  @IsPageNumber()
  page?: number;
}
