import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { SignedIn } from '../identity/access.decorators.js';
import { Me, type Principal } from '../identity/principal.js';
import { SurveyAnswersDto, SurveyParams } from './dto/survey.dto.js';
import { SurveysService } from './surveys.service.js';

@ApiTags('surveys')
@ApiBearerAuth()
@Controller('api/me/courses/:courseId/survey')
export class SurveysController {
  constructor(private readonly surveys: SurveysService) {}

  @Get(':phase')
  @SignedIn()
  @ApiOperation({
    summary:
      'The anonymous survey of a course (pre: before the first module; post: after completion), and whether I answered or skipped it',
  })
  view(@Me() me: Principal, @Param() params: SurveyParams) {
    return this.surveys.view(me.accountId, params.courseId, params.phase);
  }

  @Post(':phase')
  @HttpCode(200)
  @SignedIn()
  @ApiOperation({
    summary: 'Answer the survey anonymously (every item optional), or skip it; once per phase',
  })
  @ApiUnprocessableEntityResponse({
    description: 'An unknown item, or a value outside 1 to 5 (the message names the item)',
  })
  @ApiConflictResponse({
    description: 'Already answered or skipped, or not asked now (after, before completion)',
  })
  answer(@Me() me: Principal, @Param() params: SurveyParams, @Body() body: SurveyAnswersDto) {
    return this.surveys.answer(me.accountId, params.courseId, params.phase, body);
  }
}
