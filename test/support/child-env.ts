/**
 * The environment for a Hearth process a test starts: PATH, the given variables, and nothing else of
 * the test's own (so a developer's DATABASE_URL or TZ cannot leak in), except libfaketime's variables.
 * CI's later-date lane runs the tests under `faketime`, and the servers and commands they start must
 * live on the same moved clock as the test that writes, say, a session's expiry.
 */
export function childEnv(vars: Record<string, string | undefined> = {}): Record<string, string> {
  // Reminders off unless a test asks for them: a server's own daily run would otherwise fill the
  // outbox of every test whose courses fall due within 14 days of its day.
  const env: Record<string, string> = { PATH: process.env.PATH ?? '', HEARTH_REMINDERS: 'false' };
  for (const [name, value] of Object.entries(process.env))
    if ((name === 'LD_PRELOAD' || name.startsWith('FAKETIME')) && value !== undefined) env[name] = value;
  for (const [name, value] of Object.entries(vars)) if (value !== undefined) env[name] = value;
  return env;
}
