import { applyDecorators } from '@nestjs/common';
import { IsString, Matches, MaxLength, MinLength } from 'class-validator';

/** Course and module ids: lowercase letters, digits and hyphens (they are also folder and file names). */
export const SLUG = /^[a-z0-9][a-z0-9-]{0,63}$/;
/** An edition: a school year such as 2026-27. */
export const EDITION = /^\d{4}-\d{2}$/;

/** A course or module id in a DTO, with a message naming the field. */
export const IsSlug = (field: string, what = 'a course id') =>
  Matches(SLUG, { message: `${field} must be ${what} (lowercase letters, digits and hyphens)` });

export const IsEdition = (field = 'edition') =>
  Matches(EDITION, { message: `${field} must be a school year written like 2026-27` });

/** Why someone exempted or revoked something: required, kept in the audit log. */
export const IsReason = () =>
  applyDecorators(
    IsString(),
    MinLength(3, { message: 'reason must say why (at least 3 characters)' }),
    MaxLength(500, { message: 'reason must be at most 500 characters' }),
  );
