import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../identity/access.decorators.js';
import { Me, type Principal } from '../identity/principal.js';
import { CohortsService } from './cohorts.service.js';
import { CohortParams, CreateCohortDto } from './dto/cohort.dto.js';

@ApiTags('cohorts')
@ApiBearerAuth()
@Controller('api')
export class CohortsController {
  constructor(private readonly cohorts: CohortsService) {}

  @Post('cohorts')
  @Roles('hr', 'admin')
  @ApiOperation({
    summary: 'Create a community cohort: its courses and closing day; answers its invite code and link',
  })
  create(@Me() me: Principal, @Body() body: CreateCohortDto) {
    return this.cohorts.create(body, me);
  }

  @Get('cohorts')
  @Roles('hr', 'admin')
  @ApiOperation({ summary: 'Every community cohort, newest first, with its code, link and number of people' })
  list() {
    return this.cohorts.list();
  }

  @Get('cohorts/:id')
  @Roles('hr', 'admin')
  @ApiOperation({ summary: 'One cohort, with the people who joined it' })
  async show(@Param() params: CohortParams) {
    const cohort = await this.cohorts.show(params.id);
    const learners = await this.cohorts.learners(params.id);
    return {
      ...cohort,
      people: learners.map((l) => ({
        firstName: l.firstName,
        lastName: l.lastName,
        email: l.email,
        joinedAt: l.createdAt.toISOString(),
      })),
    };
  }

  @Post('cohorts/:id/close')
  @HttpCode(200)
  @Roles('hr', 'admin')
  @ApiOperation({ summary: 'Stop new joins now (work already started or finished is kept); audited' })
  close(@Me() me: Principal, @Param() params: CohortParams) {
    return this.cohorts.close(params.id, me);
  }

  @Get('reports/cohorts')
  @Roles('hr', 'admin')
  @ApiOperation({
    summary: 'Per cohort and course: joined, started, completed, certificates (apart from staff compliance)',
  })
  report() {
    return this.cohorts.report();
  }
}
