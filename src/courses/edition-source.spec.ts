import { resolve } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { loadStoredEdition, scanCourses } from './course-loader.js';
import type { EditionFiles } from './edition-source.js';

/** What the loader read of each edition under `root`, as the database gives it back (JSON). */
function snapshotsOf(root: string) {
  const scan = scanCourses(resolve(root));
  return { scan, read: [...scan.read].map(([entry, files]) => ({ entry, files: JSON.parse(JSON.stringify(files)) as EditionFiles })) };
}

describe('an edition loaded from its snapshot', () => {
  it.each(['courses', 'test/fixtures/courses'])('is the edition loaded from disk, to the last rendered byte (%s)', (root) => {
    const { scan, read } = snapshotsOf(root);
    expect(read.length).toBeGreaterThan(0);
    for (const { entry, files } of read) expect(loadStoredEdition(scan, entry.folder, files)).toEqual(entry);
  });

  it('holds the text files the loader read and the images they show, not the image bytes', () => {
    const { read } = snapshotsOf('test/fixtures/courses');
    const files = read[0].files;
    expect(Object.keys(files.texts)).toEqual(expect.arrayContaining(['course.md', 'quiz.yaml', 'modules/01-welcome.md', 'modules/02-hard-days.md']));
    expect(files.images).toEqual({ 'images/calm-corner.png': 'images/calm-corner.png' });
  });

  it('is checked as the disk is: a file it lacks is a problem at its file', () => {
    const { scan, read } = snapshotsOf('test/fixtures/courses');
    const { entry, files } = read[0];
    const texts = { ...files.texts };
    delete texts['quiz.yaml'];
    const stored = loadStoredEdition(scan, entry.folder, { texts, images: {} });
    expect(stored.course).toBeUndefined();
    expect(stored.problems.map((p) => `${p.file}:${p.line}: ${p.message}`)).toEqual([
      'example/2026-27/modules/01-welcome.md:10: image "../images/calm-corner.png" does not exist',
      'example/2026-27:0: the course has no quiz.yaml',
    ]);
  });
});
