import { applyDecorators } from '@nestjs/common';
import { Transform, Type } from 'class-transformer';
import { IsInt, IsString, Matches, Max, MaxLength, Min, MinLength, ValidateBy } from 'class-validator';
import { isRealDate } from './clock.js';

/** Course and module ids: lowercase letters, digits and hyphens (they are also folder and file names). */
export const SLUG = /^[a-z0-9][a-z0-9-]{0,63}$/;
/** An edition: a school year such as 2026-27. */
export const EDITION = /^\d{4}-\d{2}$/;

/** A course or module id in a DTO, with a message naming the field. */
export const IsSlug = (field: string, what = 'a course id') =>
  Matches(SLUG, { message: `${field} must be ${what} (lowercase letters, digits and hyphens)` });

export const IsEdition = (field = 'edition') =>
  Matches(EDITION, { message: `${field} must be a school year written like 2026-27` });

/** A plain GET form sends `site=` for "all sites": an empty value means the filter is not set. */
export const EmptyIsUnset = () =>
  Transform(({ value }: { value: unknown }) => (value === '' ? undefined : value), { toClassOnly: true });

/** A calendar day written YYYY-MM-DD, with a message naming the field. */
export const IsRealDate = (field: string) =>
  ValidateBy({
    name: 'isRealDate',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && isRealDate(value),
      defaultMessage: () => `${field} must be a date written YYYY-MM-DD`,
    },
  });

/** Why someone exempted or revoked something: required, kept in the audit log. */
export const IsReason = () =>
  applyDecorators(
    IsString(),
    MinLength(3, { message: 'reason must say why (at least 3 characters)' }),
    MaxLength(500, { message: 'reason must be at most 500 characters' }),
  );

/** A page of a list, counted from 1, as a query string sends it (text). */
export const IsPageNumber = (max = 100_000) =>
  applyDecorators(
    Type(() => Number),
    IsInt({ message: 'page must be a whole number' }),
    Min(1),
    Max(max),
  );
