import { Injectable } from '@nestjs/common';
import { CourseReach } from '../common/course-reach.js';
import { AssignmentsRepository } from '../learning/assignments.repository.js';

/** A community learner reads only the courses their cohort gave them, in the catalog as on My training. */
@Injectable()
export class CommunityCourseReach {
  constructor(reach: CourseReach, assignments: AssignmentsRepository) {
    reach.limit((accountId, community) =>
      community ? assignments.courseIdsOf(accountId) : Promise.resolve(null),
    );
  }
}
