import { ApiProperty } from '@nestjs/swagger';
import { Matches } from 'class-validator';

export class CourseParams {
  @ApiProperty({ example: 'carma' })
  @Matches(/^[a-z0-9][a-z0-9-]{0,63}$/, {
    message: 'courseId must be a course id (lowercase letters, digits and hyphens)',
  })
  courseId: string;
}
