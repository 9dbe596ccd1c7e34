import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';

/**
 * A page's GET form (filters, a page number), checked with the same DTO the API uses, without turning a
 * bad value into an error page: the fields that fail are left out (so the page still shows, with its
 * form), and each failure comes back as a sentence that names the field in words, not its parameter.
 * A field left empty (a select's "All sites", a blank date) is no filter, not a bad value.
 */
export async function checkPageForm<T extends object>(
  dto: new () => T,
  query: Record<string, unknown>,
  fieldWords: Record<string, string>,
): Promise<{ form: T; errors: string[] }> {
  const given = Object.fromEntries(Object.entries(query).filter(([, value]) => value !== ''));
  const form = plainToInstance(dto, given);
  const problems = await validate(form, { whitelist: true });
  const errors: string[] = [];
  for (const problem of problems) {
    delete (form as Record<string, unknown>)[problem.property];
    for (const message of Object.values(problem.constraints ?? {})) errors.push(inWords(message, fieldWords));
  }
  return { form, errors };
}

/** A validation message that begins with a parameter name ("asOf must …"), beginning with its words. */
export function inWords(message: string, fieldWords: Record<string, string>): string {
  return message.replace(/^(\w+)/, (field) => fieldWords[field] ?? field);
}
