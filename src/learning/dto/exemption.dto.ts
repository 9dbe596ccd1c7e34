import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches, MaxLength, MinLength } from 'class-validator';

export class CreateExemptionDto {
  @ApiProperty({ example: 'healing-centered' })
  @Matches(/^[a-z0-9][a-z0-9-]{0,63}$/, {
    message: 'courseId must be a course id (lowercase letters, digits and hyphens)',
  })
  courseId: string;

  @ApiProperty({ example: '2026-27' })
  @Matches(/^\d{4}-\d{2}$/, { message: 'edition must be a school year written like 2026-27' })
  edition: string;

  @ApiProperty({ example: 'Completed the same training at a previous district this year' })
  @IsString()
  @MinLength(3, { message: 'reason must say why (at least 3 characters)' })
  @MaxLength(500, { message: 'reason must be at most 500 characters' })
  reason: string;
}
