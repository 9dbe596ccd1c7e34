import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';

const SLUG = /^[a-z0-9][a-z0-9-]{0,63}$/;
const EDITION = /^\d{4}-\d{2}$/;

export class ModuleParams {
  @ApiProperty({ example: 'carma' })
  @Matches(SLUG, { message: 'courseId must be a course id (lowercase letters, digits and hyphens)' })
  courseId: string;

  @ApiProperty({ example: 'introduction' })
  @Matches(SLUG, { message: 'moduleId must be a module id (lowercase letters, digits and hyphens)' })
  moduleId: string;
}

export class EditionQuery {
  @ApiPropertyOptional({ example: '2026-27', description: 'An edition; default: the one in force today' })
  @IsOptional()
  @Matches(EDITION, { message: 'edition must be a school year written like 2026-27' })
  edition?: string;
}

export class EditionParams {
  @ApiProperty({ example: 'carma' })
  @Matches(SLUG, { message: 'courseId must be a course id (lowercase letters, digits and hyphens)' })
  courseId: string;

  @ApiProperty({ example: '2026-27' })
  @Matches(EDITION, { message: 'edition must be a school year written like 2026-27' })
  edition: string;
}

export class EditionModuleParams extends EditionParams {
  @ApiProperty({ example: 'introduction' })
  @Matches(SLUG, { message: 'moduleId must be a module id (lowercase letters, digits and hyphens)' })
  moduleId: string;
}
