import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { startOfLocalDay } from '../common/clock.js';
import { Roles } from '../identity/access.decorators.js';
import { addDays } from '../learning/assignment-rules.js';
import { AuditService } from './audit.service.js';
import { AuditQueryDto } from './dto/audit-query.dto.js';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('api/audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @Roles('admin')
  @ApiOperation({ summary: 'Who did what, when (newest first)' })
  async list(@Query() query: AuditQueryDto) {
    // Days in the server's time zone, like every other day in Hearth.
    const entries = await this.audit.find({
      actor: query.actor,
      action: query.action,
      from: query.from ? startOfLocalDay(query.from) : undefined,
      to: query.to ? startOfLocalDay(addDays(query.to, 1)) : undefined,
      limit: query.limit,
    });
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
