import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadCourses } from '../../src/courses/course-loader.js';

const FIXTURE = resolve('test/fixtures/courses/example');
const folders: string[] = [];

/** A copy of the valid example course (test/fixtures) with one file changed; its courses folder. */
export function brokenCopy(file: string, change: (text: string) => string): string {
  const root = mkdtempSync(join(tmpdir(), 'hearth-courses-'));
  folders.push(root);
  cpSync(FIXTURE, join(root, 'example'), { recursive: true });
  const path = join(root, 'example/2026-27', file);
  writeFileSync(path, change(readFileSync(path, 'utf8')));
  return root;
}

/** Every problem of a courses folder as `courses check` prints it: FILE:LINE: message. */
export function problemsOf(root: string): string[] {
  return loadCourses(root).problems.map((p) => `${p.file}:${p.line}: ${p.message}`);
}

/** Removes the copies made since the last call (for an afterEach). */
export function removeCopies(): void {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
}
