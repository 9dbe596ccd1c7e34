import { ApiProperty } from '@nestjs/swagger';
import { Matches } from 'class-validator';

export class CreateInvitationDto {
  @ApiProperty({ example: 'E1001' })
  @Matches(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, { message: 'employeeId must be an employee id' })
  employeeId: string;
}
