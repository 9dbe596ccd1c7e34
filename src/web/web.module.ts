import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Setting } from '../database/setting.entity.js';
import { SettingsService } from '../database/settings.service.js';
import { ViewService } from './view.service.js';

@Global()
@Module({
  imports: [TypeOrmModule.forFeature([Setting])],
  providers: [ViewService, SettingsService],
  exports: [ViewService, SettingsService],
})
export class WebModule {}
