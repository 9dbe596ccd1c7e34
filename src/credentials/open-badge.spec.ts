import { describe, expect, it } from '@jest/globals';
import { openBadgeProblems } from '../../test/support/open-badges.js';
import {
  type BadgeFacts,
  openBadgeCredential,
  STATUS_LIST_SIZE,
  statusListCredential,
  statusPlace,
} from './open-badge.js';

const URLS = { publicUrl: 'https://pd.example.org', districtName: 'Lincoln Unified' };
const FACTS: BadgeFacts = {
  certificateId: 7,
  serial: '7KQ2-M9XD-4TR8-VZ',
  kind: 'course',
  achievementId: 'carma',
  edition: '2026-27',
  title: 'CARMA',
  holderName: 'Nguyễn Thị Hồng',
  completedAt: new Date('2026-10-14T23:45:12.345Z'),
  pdHours: 1.5,
  description: 'Five principles for healing-centered schools.',
  criteria: 'Read every module and passed the quiz.',
};

describe('openBadgeCredential', () => {
  it('meets the Open Badges 3.0 schema but for the proof it is signed with', () => {
    const credential = openBadgeCredential(FACTS, URLS);
    expect(
      openBadgeProblems({
        ...credential,
        proof: {
          type: 'DataIntegrityProof',
          cryptosuite: 'eddsa-rdfc-2022',
          proofPurpose: 'assertionMethod',
          verificationMethod: 'https://pd.example.org/api/credentials/keys/k',
          created: '2026-10-15T00:00:00Z',
          proofValue: 'z1',
        },
      }),
    ).toEqual([]);
    expect(openBadgeProblems(credential)).toEqual(
      expect.arrayContaining(['proof[0].type is DataIntegrityProof']),
    );
  });

  it('names the holder as the certificate does, and dates it in whole seconds', () => {
    const credential = openBadgeCredential(FACTS, URLS) as {
      validFrom: string;
      credentialSubject: { identifier: unknown[] };
    };
    expect(credential.validFrom).toBe('2026-10-14T23:45:12Z');
    expect(credential.credentialSubject.identifier).toEqual([
      { type: 'IdentityObject', identityType: 'name', hashed: false, identityHash: 'Nguyễn Thị Hồng' },
    ]);
  });

  it('calls a program’s achievement a certificate, a course’s a course', () => {
    const kind = (facts: BadgeFacts) =>
      (
        openBadgeCredential(facts, URLS) as {
          credentialSubject: { achievement: { achievementType: string; id: string } };
        }
      ).credentialSubject.achievement;
    expect(kind(FACTS)).toMatchObject({
      achievementType: 'Course',
      id: 'https://pd.example.org/api/credentials/achievements/course/carma/2026-27',
    });
    expect(kind({ ...FACTS, kind: 'program', achievementId: 'carma-practitioner' })).toMatchObject({
      achievementType: 'Certificate',
    });
  });

  it('places each certificate in a status list by its id', () => {
    expect(statusPlace(7)).toEqual({ list: 0, index: 7 });
    expect(statusPlace(STATUS_LIST_SIZE + 3)).toEqual({ list: 1, index: 3 });
    expect(
      openBadgeCredential({ ...FACTS, certificateId: STATUS_LIST_SIZE + 3 }, URLS).credentialStatus,
    ).toEqual({
      id: 'https://pd.example.org/api/credentials/status/1#3',
      type: 'BitstringStatusListEntry',
      statusPurpose: 'revocation',
      statusListIndex: '3',
      statusListCredential: 'https://pd.example.org/api/credentials/status/1',
    });
    expect(statusListCredential(1, 'uH4sI', new Date('2026-12-03T10:00:00Z'), URLS)).toMatchObject({
      id: 'https://pd.example.org/api/credentials/status/1',
      type: ['VerifiableCredential', 'BitstringStatusListCredential'],
      credentialSubject: { type: 'BitstringStatusList', statusPurpose: 'revocation', encodedList: 'uH4sI' },
    });
  });
});
