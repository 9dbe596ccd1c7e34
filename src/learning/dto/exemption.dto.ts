import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';
import { IsEdition, IsReason, IsSlug } from '../../common/validation.js';

export class CreateExemptionDto {
  @ApiProperty({ example: 'healing-centered' })
  @IsSlug('courseId')
  courseId: string;

  @ApiProperty({ example: '2026-27' })
  @IsEdition()
  edition: string;

  @ApiProperty({ example: 'Completed the same training at a previous district this year' })
  @IsReason()
  reason: string;
}

export class ExemptionParams {
  @ApiProperty({ example: 'E10042' })
  @IsString()
  @MaxLength(64)
  employeeId: string;

  @ApiProperty({ example: 'healing-centered' })
  @IsSlug('courseId')
  courseId: string;

  @ApiProperty({ example: '2026-27' })
  @IsEdition()
  edition: string;
}
