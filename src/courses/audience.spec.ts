import { resolve } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { asTakenBy, audienceText, modulesFor } from './audience.js';
import { loadCourses } from './course-loader.js';
import type { CourseEdition } from './course.types.js';

function exampleWithParaModule(): CourseEdition {
  const [course] = loadCourses(resolve('test/fixtures/courses')).courses;
  const [welcome, hardDays] = course.modules;
  return { ...course, modules: [welcome, { ...hardDays, audienceRoles: ['paraprofessional'] }] };
}

describe('a module for some job roles only', () => {
  it('is read by those roles and left out for the others', () => {
    const course = exampleWithParaModule();
    expect(modulesFor(course, 'paraprofessional').map((m) => m.id)).toEqual(['welcome', 'hard-days']);
    expect(modulesFor(course, 'teacher').map((m) => m.id)).toEqual(['welcome']);
  });

  it('adds its minutes to the estimate of those who read it, and keeps the edition’s hash', () => {
    const course = exampleWithParaModule();
    const para = asTakenBy(course, 'paraprofessional');
    const teacher = asTakenBy(course, 'teacher');
    expect([teacher.estimatedMinutes, para.estimatedMinutes]).toEqual([course.estimatedMinutes, course.estimatedMinutes + 10]);
    expect([teacher.contentHash, para.contentHash]).toEqual([course.contentHash, course.contentHash]);
  });

  it('says whom it is for in words', () => {
    const label = (role: string) => ({ counselor: 'Counselors', administrator: 'Administrators' })[role] ?? role;
    expect(audienceText({ audienceRoles: 'all' }, label)).toBeNull();
    expect(audienceText({ audienceRoles: ['administrator'] }, label)).toBe('Only for administrators');
    expect(audienceText({ audienceRoles: ['counselor', 'administrator'] }, label)).toBe('Only for counselors and administrators');
  });
});
