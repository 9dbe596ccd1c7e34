import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { startOfLocalDay } from '../common/clock.js';
import { Roles } from '../identity/access.decorators.js';
import { addDays } from '../learning/assignment-rules.js';
import { type AuditFilters, AuditService } from './audit.service.js';
import { AuditQueryDto } from './dto/audit-query.dto.js';

/** The filters of a query, its days in the server's time zone like every other day in Hearth. */
export function auditFilters(query: AuditQueryDto): AuditFilters {
  return {
    actor: query.actor,
    action: query.action,
    from: query.from ? startOfLocalDay(query.from) : undefined,
    to: query.to ? startOfLocalDay(addDays(query.to, 1)) : undefined,
    offset: query.offset,
  };
}

@ApiTags('audit')
@ApiBearerAuth()
@Controller('api/audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @Roles('admin')
  @ApiOperation({ summary: 'Who did what, when (newest first)' })
  async list(@Query() query: AuditQueryDto) {
    const entries = await this.audit.find({ ...auditFilters(query), limit: query.limit });
    return entries.map((e) => ({
      id: e.id,
      at: e.at.toISOString(),
      actor: e.actorEmail,
      action: e.action,
      target: e.target,
      details: e.details ? (JSON.parse(e.details) as unknown) : null,
    }));
  }
}
