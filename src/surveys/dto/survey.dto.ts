import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Allow, IsIn, IsOptional } from 'class-validator';
import { EmptyIsUnset } from '../../common/validation.js';
import { CourseParams } from '../../courses/dto/course-params.dto.js';
import { GROUP_BY, type GroupBy, QuizItemsQuery } from '../../reports/dto/compliance-query.dto.js';
import { SURVEY_PHASES, type SurveyPhase } from '../survey-answer.entity.js';

export class SurveyParams extends CourseParams {
  @ApiProperty({ enum: SURVEY_PHASES, description: 'pre: before the first module; post: after completion' })
  @IsIn(SURVEY_PHASES, { message: 'phase must be pre or post' })
  phase: SurveyPhase;
}

/** The items are the survey's own, so the service checks them (422 naming the item). */
export class SurveyAnswersDto {
  @ApiPropertyOptional({
    description: 'For each item id answered, 1 (strongly disagree) to 5 (strongly agree); leave any item out',
    example: { 'behaviour-tells': 4, 'defiance-choice': 2 },
    type: 'object',
    additionalProperties: { type: 'integer', minimum: 1, maximum: 5 },
  })
  @Allow()
  answers?: unknown;

  @ApiPropertyOptional({ description: 'true: skip this phase (it is not offered again)' })
  @Allow()
  skip?: unknown;
}

/** The quiz-items report's query (a course, and an edition or the one in force), grouped. */
export class SurveyReportQuery extends QuizItemsQuery {
  @ApiPropertyOptional({ enum: GROUP_BY, default: 'site' })
  @EmptyIsUnset()
  @IsOptional()
  @IsIn(GROUP_BY, { message: 'groupBy must be site or role' })
  groupBy?: GroupBy;
}
