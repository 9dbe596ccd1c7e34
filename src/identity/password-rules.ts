import { PASSWORD_RULE } from './secrets.js';

/**
 * Passwords of 12 or more characters that top the public lists of leaked passwords, and the demo
 * district's published one: length alone lets these through, and they are the first an attacker tries.
 * Compared lower-cased.
 */
const COMMON = new Set([
  '123456789012',
  '1234567890123',
  '12345678901234',
  '123456789123',
  '123123123123',
  '111111111111',
  '000000000000',
  '121212121212',
  '987654321098',
  '1q2w3e4r5t6y',
  '1qaz2wsx3edc',
  'qwertyuiop12',
  'qwertyuiop123',
  'qwertyuiopas',
  'qwerty123456',
  'qwertyqwerty',
  'asdfghjkl123',
  'zxcvbnm12345',
  'abc123456789',
  'abcdefghijkl',
  'abcd12345678',
  'a1b2c3d4e5f6',
  'password1234',
  'password12345',
  'password123!',
  'passwordpassword',
  'p@ssword1234',
  'p@ssw0rd1234',
  'password2024',
  'password2025',
  'password2026',
  'password2027',
  'iloveyou1234',
  'iloveyou12345',
  'letmein12345',
  'welcome12345',
  'welcome123456',
  'welcome2024!',
  'welcome2025!',
  'welcome2026!',
  'changeme1234',
  'changeme12345',
  'administrator',
  'administrator1',
  'superman1234',
  'football1234',
  'baseball1234',
  'basketball12',
  'sunshine1234',
  'princess1234',
  'starwars1234',
  'monkey123456',
  'dragon123456',
  'trustno11234',
  'teacher12345',
  'teacher123456',
  'school123456',
  'student12345',
  'district1234',
  'summer2026!!',
  'spring2026!!',
  'fall2026!!!!',
  'winter2026!!',
  'hearth-demo-2026',
]);

/**
 * What is wrong with a password someone chooses, in words, or undefined when it will do: its length, the
 * account's own e-mail (or the part before the @), the commonest leaked passwords, one character repeated.
 */
export function passwordProblem(password: string, email: string): string | undefined {
  if (password.length < PASSWORD_RULE.min)
    return `password must be at least ${PASSWORD_RULE.min} characters long`;
  if (password.length > PASSWORD_RULE.max)
    return `password must be at most ${PASSWORD_RULE.max} characters long`;
  const lower = password.trim().toLowerCase();
  const address = email.trim().toLowerCase();
  if (lower === address || lower === address.split('@')[0]) return 'password must not be your e-mail address';
  if (COMMON.has(lower)) return 'password is one of the most common passwords: choose another';
  if (new Set(lower).size === 1) return 'password must not be one character repeated';
  return undefined;
}
