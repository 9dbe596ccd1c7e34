/**
 * The checks of the Open Badges 3.0 JSON schema (achievementcredential schema, 3.0.3) that Hearth's
 * credentials touch, written out: what each required property must be. Returns every problem found.
 */
export function openBadgeProblems(credential: Record<string, unknown>): string[] {
  const problems: string[] = [];
  const need = (ok: unknown, what: string) => {
    if (!ok) problems.push(what);
  };
  const isUri = (value: unknown) => typeof value === 'string' && /^[a-z][a-z0-9+.-]*:\S+$/i.test(value);
  const isDateTime = (value: unknown) =>
    typeof value === 'string' &&
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(value);
  const types = (value: unknown): string[] => (Array.isArray(value) ? value : [value]) as string[];
  const object = (value: unknown) =>
    value && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;

  const context = credential['@context'] as unknown[];
  need(
    Array.isArray(context) && context[0] === 'https://www.w3.org/ns/credentials/v2',
    '@context[0] is the VC 2.0 context',
  );
  need(
    Array.isArray(context) &&
      context.some(
        (c) =>
          typeof c === 'string' &&
          /^https:\/\/purl\.imsglobal\.org\/spec\/ob\/v3p0\/context-3\.0\.\d\.json$/.test(c),
      ),
    '@context has the Open Badges 3.0 context',
  );
  need(isUri(credential.id), 'id is a URI');
  need(
    types(credential.type).includes('VerifiableCredential') &&
      types(credential.type).includes('OpenBadgeCredential'),
    'type has VerifiableCredential and OpenBadgeCredential',
  );
  need(typeof credential.name === 'string' && credential.name !== '', 'name is a string');
  const issuer = object(credential.issuer);
  need(issuer && isUri(issuer.id), 'issuer.id is a URI');
  need(issuer && types(issuer.type).includes('Profile'), 'issuer.type has Profile');
  need(isDateTime(credential.validFrom), 'validFrom is a date-time');
  const subject = object(credential.credentialSubject);
  need(
    subject && types(subject.type).includes('AchievementSubject'),
    'credentialSubject.type has AchievementSubject',
  );
  need(
    subject && (isUri(subject.id) || Array.isArray(subject.identifier)),
    'credentialSubject has an id or an identifier',
  );
  for (const [i, entry] of ((subject?.identifier as unknown[]) ?? []).entries()) {
    const identity = object(entry);
    need(identity && identity.type === 'IdentityObject', `identifier[${i}].type is IdentityObject`);
    need(identity && typeof identity.identityHash === 'string', `identifier[${i}].identityHash is a string`);
    need(identity && typeof identity.identityType === 'string', `identifier[${i}].identityType is a string`);
    need(identity && typeof identity.hashed === 'boolean', `identifier[${i}].hashed is a boolean`);
  }
  const achievement = object(subject?.achievement);
  need(achievement && isUri(achievement.id), 'achievement.id is a URI');
  need(achievement && types(achievement.type).includes('Achievement'), 'achievement.type has Achievement');
  need(achievement && typeof achievement.name === 'string', 'achievement.name is a string');
  need(achievement && typeof achievement.description === 'string', 'achievement.description is a string');
  const criteria = object(achievement?.criteria);
  need(
    criteria && (isUri(criteria.id) || typeof criteria.narrative === 'string'),
    'achievement.criteria has an id or a narrative',
  );
  for (const [i, entry] of ((subject?.result as unknown[]) ?? []).entries()) {
    const result = object(entry);
    need(result && types(result.type).includes('Result'), `result[${i}].type has Result`);
  }
  const status = object(credential.credentialStatus);
  need(
    !status || (typeof status.type === 'string' && isUri(status.statusListCredential)),
    'credentialStatus has a type and a status list',
  );
  const proofs = Array.isArray(credential.proof) ? credential.proof : [credential.proof];
  for (const [i, entry] of proofs.entries()) {
    const proof = object(entry);
    need(proof && proof.type === 'DataIntegrityProof', `proof[${i}].type is DataIntegrityProof`);
    need(proof && proof.cryptosuite === 'eddsa-rdfc-2022', `proof[${i}].cryptosuite is eddsa-rdfc-2022`);
    need(proof && proof.proofPurpose === 'assertionMethod', `proof[${i}].proofPurpose is assertionMethod`);
    need(proof && isUri(proof.verificationMethod), `proof[${i}].verificationMethod is a URI`);
    need(proof && isDateTime(proof.created), `proof[${i}].created is a date-time`);
    need(
      proof && typeof proof.proofValue === 'string' && String(proof.proofValue).startsWith('z'),
      `proof[${i}].proofValue is multibase`,
    );
  }
  return problems;
}
