import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CourseParams, ModuleParams } from '../courses/dto/course-params.dto.js';
import { Roles, SignedIn } from '../identity/access.decorators.js';
import { Me, type Principal } from '../identity/principal.js';
import { CreateExemptionDto, ExemptionParams } from './dto/exemption.dto.js';
import { SubmitAttemptDto } from './dto/submit-attempt.dto.js';
import { AssignmentsService } from './assignments.service.js';
import { MyAssignmentsService } from './my-assignments.service.js';
import { type Completion, ProgressService } from './progress.service.js';

/** A completion as the API gives it, with its certificate. */
const completionJson = (completion: Completion | null) =>
  completion
    ? {
        completedAt: completion.completedAt.toISOString(),
        contentHash: completion.contentHash,
        certificateSerial: completion.certificateSerial,
      }
    : undefined;

@ApiTags('learning')
@ApiBearerAuth()
@Controller('api')
export class LearningController {
  constructor(
    private readonly progress: ProgressService,
    private readonly mine: MyAssignmentsService,
    private readonly assignments: AssignmentsService,
  ) {}

  @Get('me/assignments')
  @SignedIn()
  @ApiOperation({ summary: 'What is assigned to me, when it is due, and how far I am' })
  async myAssignments(@Me() me: Principal) {
    const list = await this.mine.list(me.accountId);
    // The contract's fields: where to pick up and what is left are the pages' words.
    return list.map(({ next: _next, minutesLeft: _minutes, pdHours: _hours, ...rest }) => rest);
  }

  @Post('me/courses/:courseId/modules/:moduleId/complete')
  @HttpCode(200)
  @SignedIn()
  @ApiOperation({ summary: 'Mark a module as read (idempotent)' })
  @ApiForbiddenResponse({ description: 'The course is not assigned to the caller' })
  async completeModule(@Me() me: Principal, @Param() params: ModuleParams) {
    const { work, ...result } = await this.progress.completeModule(
      { accountId: me.accountId, courseId: params.courseId },
      params.moduleId,
    );
    return {
      courseId: work.course.id,
      edition: work.course.edition,
      moduleId: params.moduleId,
      modulesDone: result.modulesDone,
      modulesTotal: work.course.modules.length,
      completion: completionJson(result.completion),
    };
  }

  @Get('me/courses/:courseId/quiz')
  @SignedIn()
  @ApiOperation({ summary: 'The quiz: questions and options, never the answers' })
  async quiz(@Me() me: Principal, @Param() params: CourseParams) {
    const work = await this.progress.workOf({ accountId: me.accountId, courseId: params.courseId });
    const standing = await this.progress.standing(work);
    return {
      courseId: work.course.id,
      edition: work.course.edition,
      passingScore: work.course.passingScore,
      attempts: standing.attempts,
      passed: standing.passed,
      // Shown before the first question, as the quiz page does.
      contentNote: work.course.quizContentNote,
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
  async attempt(@Me() me: Principal, @Param() params: CourseParams, @Body() body: SubmitAttemptDto) {
    const { work, ...result } = await this.progress.submitAttempt(
      { accountId: me.accountId, courseId: params.courseId },
      body.answers,
    );
    return {
      score: result.score,
      passed: result.passed,
      passingScore: work.course.passingScore,
      attempt: result.attempt,
      practice: result.practice,
      missed: result.results.filter((r) => !r.correct).map((r) => r.questionId),
      results: result.results,
      completion: completionJson(result.completion),
    };
  }

  @Post('me/courses/:courseId/attest')
  @HttpCode(200)
  @SignedIn()
  @ApiOperation({ summary: 'Give the course’s attestation statement' })
  @ApiConflictResponse({ description: 'Not every module is completed yet (the statement affirms they are)' })
  async attest(@Me() me: Principal, @Param() params: CourseParams) {
    const { work, ...result } = await this.progress.attest({
      accountId: me.accountId,
      courseId: params.courseId,
    });
    return {
      statement: work.course.attestation,
      attestedAt: result.attestedAt.toISOString(),
      completion: completionJson(result.completion),
    };
  }

  @Post('staff/:employeeId/exemptions')
  @Roles('hr', 'admin')
  @ApiOperation({ summary: 'Exempt a staff member from a course edition, with a reason (audited)' })
  async exempt(
    @Me() me: Principal,
    @Param('employeeId') employeeId: string,
    @Body() body: CreateExemptionDto,
  ) {
    const assignment = await this.assignments.exempt(employeeId, body.courseId, body.edition, body.reason, {
      accountId: me.accountId,
      email: me.email,
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
  async liftExemption(@Me() me: Principal, @Param() params: ExemptionParams) {
    const assignment = await this.assignments.liftExemption(
      params.employeeId,
      params.courseId,
      params.edition,
      {
        accountId: me.accountId,
        email: me.email,
      },
    );
    return {
      employeeId: params.employeeId,
      courseId: assignment.courseId,
      edition: assignment.edition,
      exempt: Boolean(assignment.exemptSource),
    };
  }
}
