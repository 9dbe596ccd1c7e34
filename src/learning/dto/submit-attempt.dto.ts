import { ApiProperty } from '@nestjs/swagger';
import { IsObject } from 'class-validator';

export class SubmitAttemptDto {
  @ApiProperty({
    description: 'For each question id, the chosen option id (single choice) or option ids (multiple choice)',
    example: { q01: 'c', q02: ['b', 'd'] },
    type: 'object',
    additionalProperties: { oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] },
  })
  @IsObject({
    message: 'answers must be an object mapping each question id to an option id or a list of option ids',
  })
  answers: Record<string, string | string[]>;
}
