import type { FastifyRequest } from 'fastify';

/** A multipart field as @fastify/multipart attaches it to the body (attachFieldsToBody). */
interface Part {
  type: 'file' | 'field';
  value?: unknown;
  filename?: string;
  toBuffer?: () => Promise<Buffer>;
}

/** A page form posted as multipart/form-data (a file upload with its fields), read one way everywhere. */
export class MultipartForm {
  private readonly parts: Record<string, Part | undefined>;

  constructor(request: FastifyRequest) {
    this.parts = (request.body ?? {}) as Record<string, Part | undefined>;
  }

  /** A text field's value; '' when absent. */
  field(name: string): string {
    const value = this.parts[name]?.value;
    return typeof value === 'string' ? value : '';
  }

  /** An uploaded file's bytes and name; undefined when none was chosen. */
  async file(name: string): Promise<{ bytes: Buffer; filename: string } | undefined> {
    const part = this.parts[name];
    if (part?.type !== 'file' || !part.toBuffer) return undefined;
    return { bytes: await part.toBuffer(), filename: (part.filename ?? '').slice(0, 255) };
  }
}
