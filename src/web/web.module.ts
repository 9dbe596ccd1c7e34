import { Global, Module } from '@nestjs/common';
import { ViewService } from './view.service.js';

@Global()
@Module({
  providers: [ViewService],
  exports: [ViewService],
})
export class WebModule {}
