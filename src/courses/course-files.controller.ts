import { createReadStream } from 'node:fs';
import { extname } from 'node:path';
import { Controller, Get, NotFoundException, Param, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { SignedIn } from '../identity/access.decorators.js';
import { hasRole } from '../identity/principal.js';
import { CourseCatalog } from './course-catalog.service.js';
import { IMAGE_TYPES, resolveImage } from './markdown.js';

/** Images inside a course edition's folder, and nothing else: no path may leave the folder. */
@ApiExcludeController()
@Controller('course-files')
export class CourseFilesController {
  constructor(private readonly catalog: CourseCatalog) {}

  @Get(':courseId/:edition/*')
  @SignedIn()
  file(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Param('courseId') courseId: string,
    @Param('edition') edition: string,
    @Param('*') path: string,
  ) {
    const course = this.catalog.find(courseId, edition, { drafts: hasRole(request.principal, 'trainer', 'admin') });
    const resolved = course ? resolveImage(course.dir, course.dir, path) : undefined;
    if (!course || !resolved || 'problem' in resolved) throw new NotFoundException('No such file');
    return reply
      .header('content-type', IMAGE_TYPES[extname(resolved.path).toLowerCase()])
      .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'")
      .header('x-content-type-options', 'nosniff')
      .header('cache-control', 'private, max-age=300')
      .send(createReadStream(`${course.dir}/${resolved.path}`));
  }
}
