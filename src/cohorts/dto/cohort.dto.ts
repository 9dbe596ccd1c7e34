import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsEmail,
  IsInt,
  IsString,
  Matches,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { IsRealDate, SLUG } from '../../common/validation.js';
import { PASSWORD_RULE } from '../../identity/secrets.js';

/** A name someone gives: not blank, not absurdly long. */
const NOT_BLANK = /\S/;

export class CreateCohortDto {
  @ApiProperty({ example: 'Family and community partners, fall 2026' })
  @IsString({ message: 'name must be text' })
  @Matches(NOT_BLANK, { message: 'name must not be empty' })
  @MaxLength(200, { message: 'name must be at most 200 characters' })
  name: string;

  @ApiProperty({ example: ['understanding-trauma'], description: 'The published courses the cohort takes' })
  @IsArray({ message: 'courseIds must be a list of course ids' })
  @ArrayMinSize(1, { message: 'courseIds must name at least one course' })
  @ArrayMaxSize(20, { message: 'courseIds may name at most 20 courses' })
  @Matches(SLUG, {
    each: true,
    message: 'each of courseIds must be a course id (lowercase letters, digits and hyphens)',
  })
  courseIds: string[];

  @ApiProperty({
    example: '2026-12-18',
    description: 'The last day anyone may join (YYYY-MM-DD, not in the past)',
  })
  @IsRealDate('closesOn')
  closesOn: string;
}

export class CohortParams {
  @ApiProperty({ example: 1 })
  @Type(() => Number)
  @IsInt({ message: 'id must be a cohort id (a whole number)' })
  @Min(1, { message: 'id must be a cohort id (a whole number)' })
  id: number;
}

export class JoinDto {
  @ApiProperty({
    example: '7KQ2-M9XD-4TR8',
    description: 'The cohort’s invite code (any case; hyphens and spaces are ignored)',
  })
  @IsString({ message: 'code must be the invite code' })
  @MaxLength(40, { message: 'code must be the invite code' })
  code: string;

  @ApiProperty({ example: 'parent@example.org' })
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(320, { message: 'email must be at most 320 characters' })
  email: string;

  @ApiProperty({ example: 'Rosa' })
  @IsString({ message: 'firstName must be text' })
  @Matches(NOT_BLANK, { message: 'firstName must not be empty' })
  @MaxLength(200, { message: 'firstName must be at most 200 characters' })
  firstName: string;

  @ApiProperty({ example: 'Medina' })
  @IsString({ message: 'lastName must be text' })
  @Matches(NOT_BLANK, { message: 'lastName must not be empty' })
  @MaxLength(200, { message: 'lastName must be at most 200 characters' })
  lastName: string;

  @ApiProperty({ format: 'password', minLength: PASSWORD_RULE.min })
  @IsString()
  @MinLength(PASSWORD_RULE.min, { message: `password must be at least ${PASSWORD_RULE.min} characters long` })
  @MaxLength(PASSWORD_RULE.max, { message: `password must be at most ${PASSWORD_RULE.max} characters long` })
  password: string;
}
