import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateBy,
} from 'class-validator';
import { IsRealDate, IsSlug } from '../../common/validation.js';

/** An exact moment: ISO 8601 with its offset (Z or ±hh:mm), so no reader guesses the zone. */
const MOMENT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;
const IsMoment = (field: string) =>
  ValidateBy({
    name: 'isMoment',
    validator: {
      validate: (value: unknown) =>
        typeof value === 'string' && MOMENT.test(value) && !Number.isNaN(new Date(value).getTime()),
      defaultMessage: () =>
        `${field} must be a date and time with its offset, like 2026-12-10T15:30:00-08:00`,
    },
  });

export class CreateSessionDto {
  @ApiProperty({ example: 'Calm classrooms: a practice session' })
  @IsString()
  @MinLength(1, { message: 'title must not be empty' })
  @MaxLength(200)
  title: string;

  @ApiPropertyOptional({
    example: 'healing-centered',
    description: 'A loaded course; omit for a session on its own',
  })
  @IsOptional()
  @IsSlug('courseId')
  courseId?: string;

  @ApiPropertyOptional({
    example: 'carma-practitioner',
    description: 'A program this session counts towards',
  })
  @IsOptional()
  @IsSlug('programId', 'a program id')
  programId?: string;

  @ApiProperty({ example: '2026-12-10T15:30:00-08:00' })
  @IsMoment('startsAt')
  startsAt: string;

  @ApiProperty({ example: '2026-12-10T17:00:00-08:00' })
  @IsMoment('endsAt')
  endsAt: string;

  @ApiProperty({ example: 'Lincoln Elementary, library', description: 'A place or a meeting link' })
  @IsString()
  @MinLength(1, { message: 'location must not be empty' })
  @MaxLength(500)
  location: string;

  @ApiProperty({ example: 30, minimum: 1, maximum: 10_000 })
  @IsInt({ message: 'capacity must be a whole number' })
  @Min(1)
  @Max(10_000)
  capacity: number;

  @ApiProperty({ example: 1.5, minimum: 0.25, maximum: 100 })
  @IsNumber({ maxDecimalPlaces: 2 }, { message: 'pdHours must be a number with at most 2 decimals' })
  @Min(0.25)
  @Max(100)
  pdHours: number;

  @ApiPropertyOptional({ example: ['E10042'], description: 'Employee ids of the staff who lead it' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(64, { each: true })
  facilitatorEmployeeIds?: string[];
}

/** Any of the fields, changed; the rest stay as they are. */
export class UpdateSessionDto extends PartialType(CreateSessionDto) {}

export class SessionParams {
  @ApiProperty({ example: 7 })
  @Type(() => Number)
  @IsInt({ message: 'id must be a session number' })
  @Min(1)
  @Max(2_147_483_647)
  id: number;
}

export class RegisterDto {
  @ApiPropertyOptional({
    example: 'E10042',
    description: 'HR and admins: whom to register (default: yourself)',
  })
  @IsOptional()
  @IsString()
  @Matches(/^\S{1,64}$/, { message: 'employeeId must be an employee id' })
  employeeId?: string;
}

export class AttendanceDto {
  @ApiProperty({ example: ['E10042', 'E10043'], description: 'Everyone who came; replaces the list' })
  @IsArray()
  @ArrayMaxSize(10_000)
  @IsString({ each: true })
  @MaxLength(64, { each: true })
  attended: string[];
}

export class SessionRangeQuery {
  @ApiPropertyOptional({ example: '2026-12-01', description: 'First day (default: today)' })
  @IsOptional()
  @IsRealDate('from')
  from?: string;

  @ApiPropertyOptional({ example: '2027-02-28', description: 'Last day, included (default: 90 days on)' })
  @IsOptional()
  @IsRealDate('to')
  to?: string;
}
