import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';

export class PdHoursQuery {
  @ApiPropertyOptional({ example: '2026-27', description: 'A school year; by default the one today is in' })
  @IsOptional()
  @IsString({ message: 'schoolYear must be a school year written like 2026-27' })
  @MaxLength(9, { message: 'schoolYear must be a school year written like 2026-27' })
  schoolYear?: string;
}
