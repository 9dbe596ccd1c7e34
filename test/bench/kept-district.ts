import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadCourses } from '../../src/courses/course-loader.js';
import type { TestDatabase } from '../support/test-database.js';
import { type District, type DistrictOptions, generateDistrict, summarize } from './district.js';

/** What `--keep FILE` writes: enough to open the same district again in a later run. */
interface KeptDistrict {
  url: string;
  today: string;
  counts: District['counts'];
  hrAccountId: number;
}

/**
 * The district of `--keep FILE`: the one the file names if it exists (its database is left in place
 * when the run ends), else a new one, recorded there and kept. 200,000 staff take a quarter of an hour
 * to generate; a kept one lets a change be measured against the same rows again in minutes.
 */
export async function keptDistrict(file: string, options: DistrictOptions): Promise<District> {
  if (existsSync(file)) {
    const kept = JSON.parse(readFileSync(file, 'utf8')) as KeptDistrict;
    const started = performance.now();
    const db = keep(
      kept.url.startsWith('sqlite:')
        ? { kind: 'sqlite', path: kept.url.slice('sqlite:'.length) }
        : { kind: 'postgres', url: kept.url },
      kept.url,
    );
    const courses = loadCourses(resolve('courses')).courses.filter((c) => !c.draft);
    const summary = await summarize(db, courses);
    return {
      db,
      today: kept.today,
      courses,
      counts: { ...kept.counts, ...summary.counts },
      learnerAccountIds: summary.learnerAccountIds,
      hrAccountId: kept.hrAccountId,
      openModules: summary.openModules,
      seconds: (performance.now() - started) / 1000,
    };
  }
  const district = await generateDistrict(options);
  const kept: KeptDistrict = {
    url: district.db.url,
    today: district.today,
    counts: district.counts,
    hrAccountId: district.hrAccountId,
  };
  writeFileSync(file, JSON.stringify(kept, null, 2));
  return { ...district, db: keep(district.db.target, district.db.url) };
}

function keep(target: TestDatabase['target'], url: string): TestDatabase {
  return { target, url, drop: () => Promise.resolve() };
}
