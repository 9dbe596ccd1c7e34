import { Controller, Get, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Roles } from '../identity/access.decorators.js';
import { ViewService } from '../web/view.service.js';
import { AppConfig } from './app-config.js';
import { configurationInForce } from './configuration-view.js';

/** The admin's read-only view of the configuration in force, secrets hidden. */
@ApiExcludeController()
@Controller('admin/configuration')
export class ConfigurationPagesController {
  constructor(
    private readonly views: ViewService,
    private readonly config: AppConfig,
  ) {}

  @Get()
  @Roles('admin')
  show(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    return this.views.render(request, reply, 'admin-configuration', {
      title: 'Configuration',
      sections: configurationInForce(this.config).map((section, index) => ({
        ...section,
        id: `config-${index}`,
      })),
    });
  }
}
