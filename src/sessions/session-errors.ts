import { BadRequestException, HttpException, HttpStatus } from '@nestjs/common';

/** A 400 whose messages each begin with the field they are about, as the validation pipe's do. */
export class FieldProblems extends BadRequestException {
  constructor(readonly problems: string[]) {
    super(problems);
  }
}

/** 429: too many wrong check-in codes for one person and session. */
export class TooManyAttempts extends HttpException {
  constructor(message: string) {
    super(message, HttpStatus.TOO_MANY_REQUESTS);
  }
}
