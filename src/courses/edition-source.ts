import { closeSync, constants, existsSync, fstatSync, openSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, relative, sep } from 'node:path';
import { imageTarget, resolveImage } from './markdown.js';

/** The largest Markdown or YAML file loaded: many times any module, and still cheap to parse. */
export const MAX_FILE_BYTES = 1024 * 1024;

export const errorText = (error: unknown) => (error as NodeJS.ErrnoException).code ?? (error instanceof Error ? error.message : String(error));

/**
 * The files of one edition folder as the loader sees them: the folder on disk, or a snapshot of what the
 * loader once read there (stored in the database: the last good version of a published edition). The
 * loader checks and renders both alike, so a course has one way to load. Paths are absolute, inside the
 * edition folder.
 */
export interface EditionSource {
  exists(path: string): boolean;
  /** The Markdown files of a folder, in file-name order; none when there is no such folder. */
  markdownFiles(dir: string): string[];
  /** A Markdown or YAML file's text, or why it cannot be one (with the line to report it at). */
  read(path: string, kind: 'Markdown' | 'YAML'): { text: string } | { line: number; message: string };
  /** An image a file under `fromDir` shows: its path relative to the edition folder, or why it cannot be shown. */
  image(fromDir: string, src: string): { path: string } | { problem: string };
}

/**
 * What a snapshot holds: every text file the loader read (by path relative to the edition folder), and
 * each image the text shows (its target path → the path it is served from). Image bytes stay on disk.
 */
export interface EditionFiles {
  texts: Record<string, string>;
  images: Record<string, string>;
}

const relativeTo = (dir: string, path: string) => relative(dir, path).split(sep).join('/');

/** The edition folder on disk; it keeps what it read, so that a clean load can be stored as a snapshot. */
export class DiskSource implements EditionSource {
  private readonly files: EditionFiles = { texts: {}, images: {} };

  constructor(private readonly dir: string) {}

  /** Everything read so far: after a clean load, the edition's snapshot. */
  taken(): EditionFiles {
    return this.files;
  }

  exists(path: string): boolean {
    return existsSync(path);
  }

  markdownFiles(dir: string): string[] {
    return existsSync(dir) && statSync(dir).isDirectory() ? readdirSync(dir).filter((name) => name.endsWith('.md')).sort() : [];
  }

  /**
   * Not a regular file (a folder named `01-one.md`, a FIFO, a broken link), larger than MAX_FILE_BYTES,
   * or unreadable: each is a problem of the file.
   */
  read(path: string, kind: 'Markdown' | 'YAML'): { text: string } | { line: number; message: string } {
    let fd: number;
    try {
      // Non-blocking, so that a FIFO named like a course file cannot hold the loader waiting for a writer.
      fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
    } catch (error) {
      return { line: 0, message: `cannot be read (${errorText(error)})` };
    }
    try {
      const stat = fstatSync(fd);
      if (!stat.isFile()) return { line: 0, message: `is ${stat.isDirectory() ? 'a folder' : 'not a regular file'} where a ${kind} file is expected` };
      if (stat.size > MAX_FILE_BYTES) {
        const bytes = (n: number) => n.toLocaleString('en-US');
        return { line: 1, message: `the file is ${bytes(stat.size)} bytes; a course file may be at most 1 MB (${bytes(MAX_FILE_BYTES)} bytes): split a long module into several` };
      }
      const text = readFileSync(fd, 'utf8');
      this.files.texts[relativeTo(this.dir, path)] = text;
      return { text };
    } finally {
      closeSync(fd);
    }
  }

  image(fromDir: string, src: string): { path: string } | { problem: string } {
    const resolved = resolveImage(this.dir, fromDir, src);
    const target = imageTarget(this.dir, fromDir, src);
    if ('path' in resolved && 'target' in target) this.files.images[target.target] = resolved.path;
    return resolved;
  }
}

/** A stored snapshot of an edition folder, answering as the folder did when it was taken. */
export class SnapshotSource implements EditionSource {
  constructor(
    private readonly dir: string,
    private readonly files: EditionFiles,
  ) {}

  exists(path: string): boolean {
    return relativeTo(this.dir, path) in this.files.texts;
  }

  markdownFiles(dir: string): string[] {
    const folder = relativeTo(this.dir, dir);
    return Object.keys(this.files.texts)
      .filter((path) => dirname(path) === (folder === '' ? '.' : folder) && path.endsWith('.md'))
      .map((path) => basename(path))
      .sort();
  }

  read(path: string): { text: string } | { line: number; message: string } {
    const text = this.files.texts[relativeTo(this.dir, path)];
    return text === undefined ? { line: 0, message: 'cannot be read (not in the stored version)' } : { text };
  }

  image(fromDir: string, src: string): { path: string } | { problem: string } {
    const found = imageTarget(this.dir, fromDir, src);
    if ('problem' in found) return found;
    const path = this.files.images[found.target];
    return path === undefined ? { problem: `image "${src}" does not exist` } : { path };
  }
}
