import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { AnswersDuringStartup } from '../common/startup-gate.js';
import { Public } from '../identity/access.decorators.js';
import { DatabaseHealth } from './database-health.js';

@ApiTags('health')
@Controller('api/health')
export class HealthController {
  constructor(private readonly database: DatabaseHealth) {}

  @Get()
  @Public()
  @AnswersDuringStartup()
  @ApiOperation({
    summary: '{status:"ok"} when the database accepts writes, else 503 {status:"unavailable", reason}',
  })
  async health() {
    const reason = await this.database.problem();
    if (reason) throw new ServiceUnavailableException({ status: 'unavailable', reason });
    return { status: 'ok' };
  }
}
