import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../identity/access.decorators.js';
import { AuditService } from './audit.service.js';
import { AuditQueryDto, auditFilters } from './dto/audit-query.dto.js';

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
