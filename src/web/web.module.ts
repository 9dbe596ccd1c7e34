import { Global, Module } from '@nestjs/common';
import { HttpDrain } from './http-drain.js';
import { ViewService } from './view.service.js';

@Global()
@Module({
  providers: [ViewService, HttpDrain],
  exports: [ViewService],
})
export class WebModule {}
