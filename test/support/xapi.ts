/**
 * The xAPI 1.0.3 rules a statement Hearth sends must meet (Data section 2.4), written out as checks so
 * tests need no store's validator: an id that is a UUID, an Agent with exactly one identifier, a verb
 * and an object named by absolute IRIs, a timestamp with its time zone, and a result in range.
 */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;
const IRI = /^[a-z][a-z0-9+.-]*:\/\/[^\s]+$/i;
const ISO_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/;
const STATEMENT_KEYS = ['id', 'actor', 'verb', 'object', 'result', 'context', 'timestamp', 'attachments'];
const IDENTIFIERS = ['mbox', 'mbox_sha1sum', 'openid', 'account'];

type Json = Record<string, unknown>;
const text = (value: unknown): string => (typeof value === 'string' ? value : '');
const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function languageMap(value: unknown, where: string): string[] {
  if (!isObject(value) || Object.keys(value).length === 0) return [`${where} must be a language map`];
  return Object.entries(value).flatMap(([tag, text]) =>
    /^[a-z]{2,3}(-[A-Za-z0-9]+)*$/.test(tag) && typeof text === 'string'
      ? []
      : [`${where}.${tag} is not a language entry`],
  );
}

function extensions(value: unknown, where: string): string[] {
  if (value === undefined) return [];
  if (!isObject(value)) return [`${where} must be an object`];
  return Object.keys(value).flatMap((key) => (IRI.test(key) ? [] : [`${where} key ${key} is not an IRI`]));
}

function agent(actor: unknown): string[] {
  if (!isObject(actor)) return ['actor is missing'];
  const problems: string[] = [];
  if (actor.objectType !== undefined && actor.objectType !== 'Agent')
    problems.push('actor.objectType must be Agent');
  const ids = IDENTIFIERS.filter((key) => actor[key] !== undefined);
  if (ids.length !== 1) problems.push(`actor must have exactly one identifier, has ${ids.length}`);
  if (actor.mbox !== undefined && !/^mailto:[^@\s]+@[^@\s]+$/.test(text(actor.mbox)))
    problems.push('actor.mbox must be a mailto: IRI');
  if (actor.account !== undefined) {
    const account = actor.account;
    if (
      !isObject(account) ||
      !IRI.test(text(account.homePage)) ||
      typeof account.name !== 'string' ||
      !account.name
    )
      problems.push('actor.account needs a homePage IRL and a name');
  }
  return problems;
}

function result(value: unknown): string[] {
  if (value === undefined) return [];
  if (!isObject(value)) return ['result must be an object'];
  const problems = extensions(value.extensions, 'result.extensions');
  for (const key of ['success', 'completion'])
    if (value[key] !== undefined && typeof value[key] !== 'boolean')
      problems.push(`result.${key} must be true or false`);
  const score = value.score;
  if (score !== undefined) {
    if (!isObject(score)) return [...problems, 'result.score must be an object'];
    const { scaled, raw, min, max } = score as Record<string, number | undefined>;
    if (scaled !== undefined && (scaled < -1 || scaled > 1))
      problems.push('result.score.scaled must be from -1 to 1');
    if (min !== undefined && max !== undefined && min >= max)
      problems.push('result.score.min must be below max');
    if (raw !== undefined && ((min !== undefined && raw < min) || (max !== undefined && raw > max)))
      problems.push('result.score.raw must lie between min and max');
  }
  return problems;
}

/** Every rule the statement breaks (none: it is a valid xAPI 1.0.3 statement of the kind Hearth sends). */
export function xapiProblems(statement: unknown): string[] {
  if (!isObject(statement)) return ['a statement must be a JSON object'];
  const problems: string[] = [];
  for (const key of Object.keys(statement))
    if (!STATEMENT_KEYS.includes(key)) problems.push(`${key} is not a statement property`);
  if (!UUID.test(text(statement.id))) problems.push('id must be a UUID');
  problems.push(...agent(statement.actor));
  const verb = statement.verb;
  if (!isObject(verb) || !IRI.test(text(verb.id))) problems.push('verb.id must be an IRI');
  else if (verb.display !== undefined) problems.push(...languageMap(verb.display, 'verb.display'));
  const object = statement.object;
  if (!isObject(object) || !IRI.test(text(object.id))) problems.push('object.id must be an IRI');
  else {
    if (object.objectType !== undefined && object.objectType !== 'Activity')
      problems.push('object must be an Activity');
    const definition = object.definition;
    if (isObject(definition)) {
      if (definition.name !== undefined)
        problems.push(...languageMap(definition.name, 'object.definition.name'));
      if (definition.type !== undefined && !IRI.test(text(definition.type)))
        problems.push('object.definition.type must be an IRI');
    }
  }
  problems.push(...result(statement.result));
  const context = statement.context;
  if (context !== undefined) {
    if (!isObject(context)) problems.push('context must be an object');
    else {
      problems.push(...extensions(context.extensions, 'context.extensions'));
      const parents = isObject(context.contextActivities) ? context.contextActivities.parent : undefined;
      if (
        parents !== undefined &&
        (!Array.isArray(parents) || parents.some((p) => !isObject(p) || !IRI.test(text(p.id))))
      )
        problems.push('context.contextActivities.parent must be a list of activities');
    }
  }
  if (
    typeof statement.timestamp !== 'string' ||
    !ISO_TIME.test(statement.timestamp) ||
    Number.isNaN(Date.parse(statement.timestamp))
  )
    problems.push('timestamp must be an ISO 8601 time with its zone');
  return problems;
}
