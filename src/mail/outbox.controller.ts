import { Controller, Get, HttpCode, Param, ParseIntPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../identity/access.decorators.js';
import { Me, type Principal } from '../identity/principal.js';
import { OutboxQueryDto } from './dto/outbox-query.dto.js';
import { OutboxService } from './outbox.service.js';

@ApiTags('mail')
@ApiBearerAuth()
@Controller('api/outbox')
export class OutboxController {
  constructor(private readonly outbox: OutboxService) {}

  @Get()
  @Roles('admin')
  @ApiOperation({
    summary: 'Messages in the outbox, newest first: pending, sent, failed, or held (no SMTP_URL)',
  })
  async list(@Query() query: OutboxQueryDto) {
    const rows = await this.outbox.list(query, query.offset, query.limit);
    return {
      items: rows.map((row) => ({
        id: row.id,
        to: row.toAddress,
        kind: row.kind,
        subject: row.subject,
        status: row.status,
        attempts: row.attempts,
        error: row.lastError,
        createdAt: row.createdAt.toISOString(),
        sentAt: row.sentAt?.toISOString() ?? null,
      })),
    };
  }

  @Post(':id/retry')
  @HttpCode(202)
  @Roles('admin')
  @ApiOperation({ summary: 'Send a failed message again' })
  async retry(@Me() me: Principal, @Param('id', ParseIntPipe) id: number) {
    await this.outbox.retry(id, { accountId: me.accountId, email: me.email });
    return { id, status: 'pending' };
  }
}
