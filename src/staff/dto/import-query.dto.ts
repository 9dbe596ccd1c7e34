import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional } from 'class-validator';

export class ImportQueryDto {
  @ApiPropertyOptional({ enum: ['sync'], description: 'sync: staff missing from the file become inactive' })
  @IsOptional()
  @IsIn(['sync'], { message: 'mode must be sync (or left out)' })
  mode?: 'sync';

  @ApiPropertyOptional({ description: 'Validate and count without writing' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean({ message: 'dryRun must be true or false' })
  dryRun?: boolean;
}
