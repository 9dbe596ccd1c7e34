import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { IsPageNumber } from '../../common/validation.js';
import { GRANTED_ROLES, type Role } from '../../identity/roles.js';
import { STAFF_STATUSES, type StaffStatus } from '../staff-member.entity.js';
import { type SortOrder, STAFF_SORTS, type StaffSort } from '../staff.repository.js';

export class StaffQueryDto {
  @ApiPropertyOptional({ description: 'Site code' })
  @IsOptional()
  @Matches(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, { message: 'site must be a site code' })
  site?: string;

  @ApiPropertyOptional({ description: 'Job role, e.g. teacher' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  role?: string;

  @ApiPropertyOptional({ enum: STAFF_STATUSES })
  @IsOptional()
  @IsIn(STAFF_STATUSES, { message: `status must be one of ${STAFF_STATUSES.join(', ')}` })
  status?: StaffStatus;

  @ApiPropertyOptional({ enum: GRANTED_ROLES, description: 'A Hearth role the account holds' })
  @IsOptional()
  @IsIn(GRANTED_ROLES, { message: `access must be one of ${GRANTED_ROLES.join(', ')}` })
  access?: Role;

  @ApiPropertyOptional({
    description:
      'Search: every word in the name or employee id (accents and case aside: "jose begay" finds José Begay), or the email',
  })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;

  @ApiPropertyOptional({
    enum: STAFF_SORTS,
    default: 'name',
    description: 'Name sorts by last name, then first',
  })
  @IsOptional()
  @IsIn(STAFF_SORTS, { message: `sort must be one of ${STAFF_SORTS.join(', ')}` })
  sort?: StaffSort;

  @ApiPropertyOptional({ enum: ['asc', 'desc'], default: 'asc' })
  @IsOptional()
  @IsIn(['asc', 'desc'], { message: 'order must be asc or desc' })
  order?: SortOrder;

  @ApiPropertyOptional({ minimum: 1, default: 1 })
  @IsOptional()
  @IsPageNumber(1_000_000)
  page: number = 1;

  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'pageSize must be a whole number' })
  @Min(1)
  @Max(200)
  pageSize: number = 50;
}
