import { OB_CONTEXT, VC_CONTEXT } from './credential-documents.js';

/** Certificates per status list: the smallest list the Bitstring Status List spec allows (16 KB). */
export const STATUS_LIST_SIZE = 131_072;

/** What a certificate's credential states: what the certificate shows, and how to check it. */
export interface BadgeFacts {
  /** The certificate's row id: its place in the revocation status lists. */
  certificateId: number;
  serial: string;
  kind: 'course' | 'program';
  /** The course's or the program's id and edition. */
  achievementId: string;
  edition: string;
  title: string;
  holderName: string;
  completedAt: Date;
  pdHours: number;
  description: string;
  criteria: string;
}

/** Where the issuer's documents are, under PUBLIC_URL. */
export interface IssuerUrls {
  publicUrl: string;
  districtName: string;
}

export const issuerUrl = (urls: IssuerUrls) => `${urls.publicUrl}/api/credentials/issuer`;
export const keyUrl = (urls: IssuerUrls, keyId: string) => `${urls.publicUrl}/api/credentials/keys/${keyId}`;
export const statusListUrl = (urls: IssuerUrls, list: number) =>
  `${urls.publicUrl}/api/credentials/status/${list}`;

/** A certificate's place in the status lists: list `list`, bit `index`. */
export function statusPlace(certificateId: number): { list: number; index: number } {
  return { list: Math.floor(certificateId / STATUS_LIST_SIZE), index: certificateId % STATUS_LIST_SIZE };
}

/** Whole seconds, as VC 2.0's dateTimeStamp expects them written. */
const stamp = (moment: Date) => `${moment.toISOString().slice(0, 19)}Z`;

/**
 * The certificate as an unsigned Open Badges 3.0 `OpenBadgeCredential` (VC Data Model 2.0). The holder
 * is named, never e-mailed: their name is an `IdentityObject` of type `name`, as the certificate shows
 * it. PD hours are the achievement's `creditsAvailable` and the holder's `creditsEarned`, and a result.
 */
export function openBadgeCredential(facts: BadgeFacts, urls: IssuerUrls): Record<string, unknown> {
  const achievement = `${urls.publicUrl}/api/credentials/achievements/${facts.kind}/${facts.achievementId}/${facts.edition}`;
  const hours = `${achievement}#pd-hours`;
  const place = statusPlace(facts.certificateId);
  return {
    '@context': [VC_CONTEXT, OB_CONTEXT],
    id: `${urls.publicUrl}/verify/${facts.serial}`,
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    name: `${facts.title} (${facts.edition})`,
    issuer: { id: issuerUrl(urls), type: ['Profile'], name: urls.districtName, url: urls.publicUrl },
    validFrom: stamp(facts.completedAt),
    credentialSubject: {
      type: ['AchievementSubject'],
      identifier: [
        { type: 'IdentityObject', identityType: 'name', hashed: false, identityHash: facts.holderName },
      ],
      achievement: {
        id: achievement,
        type: ['Achievement'],
        achievementType: facts.kind === 'program' ? 'Certificate' : 'Course',
        name: facts.title,
        description: facts.description,
        criteria: { narrative: facts.criteria },
        creditsAvailable: facts.pdHours,
        fieldOfStudy: 'Professional development for school staff',
        resultDescription: [
          {
            id: hours,
            type: ['ResultDescription'],
            name: 'Professional development hours',
            resultType: 'Result',
          },
        ],
      },
      creditsEarned: facts.pdHours,
      result: [{ type: ['Result'], resultDescription: hours, value: String(facts.pdHours) }],
    },
    credentialStatus: {
      id: `${statusListUrl(urls, place.list)}#${place.index}`,
      type: 'BitstringStatusListEntry',
      statusPurpose: 'revocation',
      statusListIndex: String(place.index),
      statusListCredential: statusListUrl(urls, place.list),
    },
  };
}

/** An unsigned status list credential: bit `i` set when the certificate at place `i` is revoked. */
export function statusListCredential(list: number, encodedList: string, at: Date, urls: IssuerUrls) {
  const url = statusListUrl(urls, list);
  return {
    '@context': [VC_CONTEXT],
    id: url,
    type: ['VerifiableCredential', 'BitstringStatusListCredential'],
    issuer: issuerUrl(urls),
    validFrom: stamp(at),
    credentialSubject: {
      id: `${url}#list`,
      type: 'BitstringStatusList',
      statusPurpose: 'revocation',
      encodedList,
    },
  };
}
