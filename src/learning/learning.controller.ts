import { Body, Controller, Delete, Get, HttpCode, Param, Post, Req } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { CourseParams, ModuleParams } from '../courses/dto/course-params.dto.js';
import { Roles, SignedIn } from '../identity/access.decorators.js';
import type { Principal } from '../identity/principal.js';

import { CreateExemptionDto, ExemptionParams } from './dto/exemption.dto.js';
import { SubmitAttemptDto } from './dto/submit-attempt.dto.js';
import { AssignmentsService } from './assignments.service.js';
import { MyAssignmentsService } from './my-assignments.service.js';
import { type Completion, ProgressService, type Work } from './progress.service.js';

const principalOf = (request: FastifyRequest) => request.principal as Principal;

@ApiTags('learning')
@ApiBearerAuth()
@Controller('api')
export class LearningController {
  constructor(
    private readonly progress: ProgressService,
    private readonly mine: MyAssignmentsService,
    private readonly assignments: AssignmentsService,
  ) {}

  private async completionJson(work: Work, completion: Completion | null) {
    if (!completion) return undefined;
    return {
      completedAt: completion.completedAt.toISOString(),
      contentHash: completion.contentHash,
      certificateSerial: await this.mine.serialOf(work.assignment.id),
    };
  }

  @Get('me/assignments')
  @SignedIn()
  @ApiOperation({ summary: 'What is assigned to me, when it is due, and how far I am' })
  async myAssignments(@Req() request: FastifyRequest) {
    const list = await this.mine.list(principalOf(request).accountId);
    return list.map(({ next: _next, ...rest }) => rest);
  }

  @Post('me/courses/:courseId/modules/:moduleId/complete')
  @HttpCode(200)
  @SignedIn()
  @ApiOperation({ summary: 'Mark a module as read (idempotent)' })
  @ApiForbiddenResponse({ description: 'The course is not assigned to the caller' })
  async completeModule(@Req() request: FastifyRequest, @Param() params: ModuleParams) {
    const work = await this.progress.workToChange(principalOf(request).accountId, params.courseId);
    const result = await this.progress.completeModule(work, params.moduleId);
    return {
      courseId: work.course.id,
      edition: work.course.edition,
      moduleId: params.moduleId,
      modulesDone: result.modulesDone,
      modulesTotal: work.course.modules.length,
      completion: await this.completionJson(work, result.completion),
    };
  }

  @Get('me/courses/:courseId/quiz')
  @SignedIn()
  @ApiOperation({ summary: 'The quiz: questions and options, never the answers' })
  async quiz(@Req() request: FastifyRequest, @Param() params: CourseParams) {
    const work = await this.progress.workOf(principalOf(request).accountId, params.courseId);
    const standing = await this.progress.standing(work);
    return {
      courseId: work.course.id,
      edition: work.course.edition,
      passingScore: work.course.passingScore,
      attempts: standing.attempts,
      passed: standing.passed,
      questions: work.course.quiz.map((q) => ({
        id: q.id,
        type: q.type,
        prompt: q.prompt,
        options: q.options.map((o) => ({ id: o.id, text: o.text })),
      })),
    };
  }

  @Post('me/courses/:courseId/quiz/attempts')
  @HttpCode(200)
  @SignedIn()
  @ApiOperation({ summary: 'Submit answers; the server scores them and says what was missed' })
  async attempt(
    @Req() request: FastifyRequest,
    @Param() params: CourseParams,
    @Body() body: SubmitAttemptDto,
  ) {
    const work = await this.progress.workToChange(principalOf(request).accountId, params.courseId);
    const result = await this.progress.submitAttempt(work, body.answers);
    return {
      score: result.score,
      passed: result.passed,
      passingScore: work.course.passingScore,
      attempt: result.attempt,
      practice: result.practice,
      missed: result.results.filter((r) => !r.correct).map((r) => r.questionId),
      results: result.results,
      completion: await this.completionJson(work, result.completion),
    };
  }

  @Post('me/courses/:courseId/attest')
  @HttpCode(200)
  @SignedIn()
  @ApiOperation({ summary: 'Give the course’s attestation statement' })
  @ApiConflictResponse({ description: 'Not every module is completed yet (the statement affirms they are)' })
  async attest(@Req() request: FastifyRequest, @Param() params: CourseParams) {
    const work = await this.progress.workToChange(principalOf(request).accountId, params.courseId);
    const result = await this.progress.attest(work);
    return {
      statement: work.course.attestation,
      attestedAt: result.attestedAt.toISOString(),
      completion: await this.completionJson(work, result.completion),
    };
  }

  @Post('staff/:employeeId/exemptions')
  @Roles('hr', 'admin')
  @ApiOperation({ summary: 'Exempt a staff member from a course edition, with a reason (audited)' })
  async exempt(
    @Req() request: FastifyRequest,
    @Param('employeeId') employeeId: string,
    @Body() body: CreateExemptionDto,
  ) {
    const principal = principalOf(request);
    const assignment = await this.assignments.exempt(employeeId, body.courseId, body.edition, body.reason, {
      accountId: principal.accountId,
      email: principal.email,
    });
    return {
      employeeId,
      courseId: assignment.courseId,
      edition: assignment.edition,
      status: 'exempt',
      reason: assignment.exemptReason,
    };
  }

  @Delete('staff/:employeeId/exemptions/:courseId/:edition')
  @Roles('hr', 'admin')
  @ApiOperation({ summary: 'Lift an exemption HR gave (audited); staff on leave stay exempt' })
  async liftExemption(@Req() request: FastifyRequest, @Param() params: ExemptionParams) {
    const principal = principalOf(request);
    const assignment = await this.assignments.liftExemption(
      params.employeeId,
      params.courseId,
      params.edition,
      { accountId: principal.accountId, email: principal.email },
    );
    return {
      employeeId: params.employeeId,
      courseId: assignment.courseId,
      edition: assignment.edition,
      exempt: Boolean(assignment.exemptSource),
    };
  }
}
