import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';

export class ReflectionDto {
  @ApiProperty({
    example: 'A coach who learned my name on the first day.',
    description: 'At most 10,000 characters; empty removes it',
  })
  @IsString({ message: 'text must be text' })
  @MaxLength(10_000, { message: 'text must be at most 10,000 characters' })
  text: string;
}
