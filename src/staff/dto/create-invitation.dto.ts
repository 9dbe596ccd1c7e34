import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional, Matches } from 'class-validator';

export class CreateInvitationDto {
  @ApiProperty({ example: 'E1001' })
  @Matches(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, { message: 'employeeId must be an employee id' })
  employeeId: string;

  @ApiPropertyOptional({ description: "true: also mail the link to the person's roster e-mail" })
  @IsOptional()
  @IsBoolean({ message: 'send must be true or false' })
  send?: boolean;
}
