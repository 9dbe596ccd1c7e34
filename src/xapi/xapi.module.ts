import { Global, Module } from '@nestjs/common';
import { XapiRepository } from './xapi.repository.js';
import { XapiOutbox } from './xapi-outbox.js';
import { XapiSender } from './xapi-sender.js';

/** xAPI: any module records a learning event (XapiOutbox) in its transaction; the sender delivers it. */
@Global()
@Module({
  providers: [XapiRepository, XapiOutbox, XapiSender],
  exports: [XapiOutbox, XapiRepository],
})
export class XapiModule {}
