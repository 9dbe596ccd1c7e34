import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ModuleParams } from '../courses/dto/course-params.dto.js';
import { SignedIn } from '../identity/access.decorators.js';
import { Me, type Principal } from '../identity/principal.js';
import { ReflectionDto } from './dto/reflection.dto.js';
import { ReflectionsService } from './reflections.service.js';

@ApiTags('reflections')
@ApiBearerAuth()
@Controller('api/me')
export class ReflectionsController {
  constructor(private readonly reflections: ReflectionsService) {}

  @Put('courses/:courseId/modules/:moduleId/reflection')
  @SignedIn()
  @ApiOperation({ summary: 'Save my private reflection on a module (only I can ever read it)' })
  save(@Me() me: Principal, @Param() params: ModuleParams, @Body() body: ReflectionDto) {
    return this.reflections.save(me.accountId, params.courseId, params.moduleId, body.text);
  }

  @Get('reflections')
  @SignedIn()
  @ApiOperation({ summary: 'All my reflections' })
  async mine(@Me() me: Principal) {
    return (await this.reflections.mine(me.accountId)).map((r) => ({
      ...r,
      updatedAt: r.updatedAt.toISOString(),
    }));
  }
}
