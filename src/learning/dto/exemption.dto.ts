import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';
import { IsEdition, IsReason, IsSlug } from '../../common/validation.js';

/** Which course edition an exemption is about. */
class ExemptionEdition {
  @ApiProperty({ example: 'healing-centered' })
  @IsSlug('courseId')
  courseId: string;

  @ApiProperty({ example: '2026-27' })
  @IsEdition()
  edition: string;
}

export class CreateExemptionDto extends ExemptionEdition {
  @ApiProperty({ example: 'Completed the same training at a previous district this year' })
  @IsReason()
  reason: string;
}

export class ExemptionParams extends ExemptionEdition {
  @ApiProperty({ example: 'E10042' })
  @IsString()
  @MaxLength(64)
  employeeId: string;
}
