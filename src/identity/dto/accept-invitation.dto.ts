import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { PASSWORD_RULE } from '../secrets.js';

export class AcceptInvitationDto {
  @ApiProperty({ description: 'The token from the invitation link' })
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{20,100}$/, { message: 'token must be the token from the invitation link' })
  token: string;

  @ApiProperty({ format: 'password', minLength: PASSWORD_RULE.min })
  @IsString()
  @MinLength(PASSWORD_RULE.min, { message: `password must be at least ${PASSWORD_RULE.min} characters long` })
  @MaxLength(PASSWORD_RULE.max, { message: `password must be at most ${PASSWORD_RULE.max} characters long` })
  password: string;
}
