import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn } from 'class-validator';
import { ROLES, type Role } from '../../identity/roles.js';

export class SetRolesDto {
  @ApiProperty({ enum: ROLES, isArray: true, example: ['learner', 'hr'] })
  @IsArray()
  @ArrayMaxSize(ROLES.length)
  @IsIn(ROLES, { each: true, message: `each of roles must be one of ${ROLES.join(', ')}` })
  roles: Role[];
}
