import { Controller, Get, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { SignedIn } from '../identity/access.decorators.js';
import { hasRole } from '../identity/principal.js';
import { ViewService } from './view.service.js';

@ApiExcludeController()
@Controller()
export class HomePagesController {
  constructor(private readonly views: ViewService) {}

  @Get('/')
  @SignedIn()
  home(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    return this.views.render(request, reply, 'home', {
      title: 'Home',
      isHr: hasRole(request.principal, 'hr', 'admin'),
      isAdmin: hasRole(request.principal, 'admin'),
    });
  }
}
