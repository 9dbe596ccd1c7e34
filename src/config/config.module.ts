import { Global, Module } from '@nestjs/common';
import { AppConfig } from './app-config.js';

/** Provides the AppConfig validated in main.ts (or the CLI) to every module. */
@Global()
@Module({})
export class ConfigModule {
  static forRoot(config: AppConfig) {
    return {
      module: ConfigModule,
      providers: [{ provide: AppConfig, useValue: config }],
      exports: [AppConfig],
    };
  }
}
