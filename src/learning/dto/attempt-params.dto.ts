import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import { CourseParams } from '../../courses/dto/course-params.dto.js';

/** One of the signed-in learner's quiz attempts at a course: its number (1 for the first). */
export class AttemptParams extends CourseParams {
  @ApiProperty({ example: 1 })
  @Type(() => Number)
  @IsInt({ message: 'number must be a whole number' })
  @Min(1, { message: 'number must be 1 or more' })
  @Max(1_000_000, { message: 'number must be at most 1000000' })
  number: number;
}
