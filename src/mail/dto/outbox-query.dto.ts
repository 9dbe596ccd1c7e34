import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { MAIL_STATUSES, type MailStatus } from '../mail.repository.js';
import { MAIL_KINDS, type MailKind } from '../mail-templates.js';

export class OutboxQueryDto {
  @ApiPropertyOptional({ enum: MAIL_STATUSES, description: 'held: waiting for SMTP_URL to be set' })
  @IsOptional()
  @IsIn(MAIL_STATUSES, { message: `status must be one of ${MAIL_STATUSES.join(', ')}` })
  status?: MailStatus;

  @ApiPropertyOptional({ enum: MAIL_KINDS })
  @IsOptional()
  @IsIn(MAIL_KINDS, { message: `kind must be one of ${MAIL_KINDS.join(', ')}` })
  kind?: MailKind;

  @ApiPropertyOptional({ description: 'Skip this many (newest first)' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  offset?: number;

  @ApiPropertyOptional({ description: 'At most this many (default 100)' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;
}
