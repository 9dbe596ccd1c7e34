import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';

export class RevokeDto {
  @ApiProperty({ example: 'Issued in error: completion belonged to another employee' })
  @IsString()
  @MinLength(3, { message: 'reason must say why (at least 3 characters)' })
  @MaxLength(500, { message: 'reason must be at most 500 characters' })
  reason: string;
}

export class ExportQuery {
  @ApiProperty({ example: 'carma' })
  @Matches(/^[a-z0-9][a-z0-9-]{0,63}$/, {
    message: 'courseId must be a course id (lowercase letters, digits and hyphens)',
  })
  courseId: string;

  @ApiProperty({ example: '2026-27' })
  @Matches(/^\d{4}-\d{2}$/, { message: 'edition must be a school year written like 2026-27' })
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
