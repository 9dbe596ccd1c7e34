import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsString, MaxLength } from 'class-validator';
import { IsEdition, IsSlug } from '../../common/validation.js';

export class ProgramParams {
  @ApiProperty({ example: 'carma-practitioner' })
  @IsSlug('programId', 'a program id')
  programId: string;

  @ApiProperty({ example: '2026-27' })
  @IsEdition()
  edition: string;
}

export class EnrolmentParams extends ProgramParams {
  @ApiProperty({ example: 'E10042' })
  @IsString()
  @MaxLength(64)
  employeeId: string;
}

export class EnrolDto {
  @ApiProperty({ example: ['E10042', 'E10043'], description: 'Employee ids to enrol: all of them, or none' })
  @IsArray({ message: 'employeeIds must be a list of employee ids' })
  @ArrayMinSize(1, { message: 'employeeIds must name at least one employee id' })
  @ArrayMaxSize(10000, { message: 'employeeIds may name at most 10,000 people at once; send a CSV for more' })
  @IsString({ each: true, message: 'employeeIds must be a list of employee ids' })
  @MaxLength(64, { each: true, message: 'each of employeeIds must be at most 64 characters' })
  employeeIds: string[];
}
