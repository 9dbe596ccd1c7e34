import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, MaxLength } from 'class-validator';

export class PasswordResetDto {
  @ApiProperty({ example: 'teacher@example.org' })
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(320)
  email: string;
}
