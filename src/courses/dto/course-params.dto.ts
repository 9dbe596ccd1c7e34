import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { IsEdition, IsSlug } from '../../common/validation.js';

export class CourseParams {
  @ApiProperty({ example: 'carma' })
  @IsSlug('courseId')
  courseId: string;
}

export class ModuleParams extends CourseParams {
  @ApiProperty({ example: 'introduction' })
  @IsSlug('moduleId', 'a module id')
  moduleId: string;
}

export class EditionQuery {
  @ApiPropertyOptional({ example: '2026-27', description: 'An edition; default: the one in force today' })
  @IsOptional()
  @IsEdition()
  edition?: string;
}

export class EditionParams extends CourseParams {
  @ApiProperty({ example: '2026-27' })
  @IsEdition()
  edition: string;
}

export class EditionModuleParams extends EditionParams {
  @ApiProperty({ example: 'introduction' })
  @IsSlug('moduleId', 'a module id')
  moduleId: string;
}

export class ResourceParams extends CourseParams {
  @ApiProperty({ example: 'after-a-disclosure' })
  @IsSlug('resourceId', 'a resource id')
  resourceId: string;
}

export class EditionResourceParams extends EditionParams {
  @ApiProperty({ example: 'after-a-disclosure' })
  @IsSlug('resourceId', 'a resource id')
  resourceId: string;
}

export class FollowUpParams extends CourseParams {
  @ApiProperty({ example: 'two-weeks-on' })
  @IsSlug('followUpId', 'a follow-up id')
  followUpId: string;
}
