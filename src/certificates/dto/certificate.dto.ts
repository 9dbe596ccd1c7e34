import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { IsEdition, IsReason, IsSlug } from '../../common/validation.js';

export class RevokeDto {
  @ApiProperty({ example: 'Issued in error: completion belonged to another employee' })
  @IsReason()
  reason: string;
}

export class ExportQuery {
  @ApiProperty({ example: 'carma' })
  @IsSlug('courseId')
  courseId: string;

  @ApiProperty({ example: '2026-27' })
  @IsEdition()
  edition: string;

  @ApiPropertyOptional({ description: 'Only this site (site code)' })
  @IsOptional()
  @Matches(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, { message: 'site must be a site code' })
  site?: string;
}

export class SerialParams {
  @ApiProperty({ example: '7KQ2-M9XD-4TR8-VZ' })
  @IsString()
  @MaxLength(40)
  serial: string;
}
