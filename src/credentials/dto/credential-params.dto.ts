import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, Matches, Max, Min } from 'class-validator';

export class KeyParams {
  @ApiProperty({ example: '2026-12-03-9f2c1a' })
  @Matches(/^\d{4}-\d{2}-\d{2}-[0-9a-f]{6}$/, { message: 'keyId must be a key id like 2026-12-03-9f2c1a' })
  keyId: string;
}

export class StatusListParams {
  @ApiProperty({ example: 0 })
  @Type(() => Number)
  @IsInt({ message: 'list must be a whole number' })
  @Min(0, { message: 'list must be 0 or more' })
  @Max(100_000, { message: 'list must be at most 100000' })
  list: number;
}
