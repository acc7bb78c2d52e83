import { x509 } from './x509.ts';

export type CertSubjectType = 'person' | 'legal' | 'state';
export const SUBJECT_TYPES: readonly CertSubjectType[] = ['person', 'legal', 'state'];

/** Demo policy arc (a private enterprise number would replace 99999); docs/pki.md lists them. */
export const POLICY_OIDS: Record<CertSubjectType, string> = {
  person: '1.3.6.1.4.1.99999.1.1',
  legal: '1.3.6.1.4.1.99999.1.2',
  state: '1.3.6.1.4.1.99999.1.3',
};
export const VALIDITY_DAYS: Record<CertSubjectType, number> = { person: 730, legal: 365, state: 365 };

const OID = {
  commonName: '2.5.4.3',
  surname: '2.5.4.4',
  serialNumber: '2.5.4.5',
  country: '2.5.4.6',
  organisation: '2.5.4.10',
  unit: '2.5.4.11',
  givenName: '2.5.4.42',
  organisationIdentifier: '2.5.4.97',
} as const;

export interface SubjectFacts {
  type: CertSubjectType;
  firstName: string;
  lastName: string;
  fin: string;
  organisationName?: string;
  taxNumber?: string;
  unit?: string;
}

/** The subject name by profile, always from the registers, never from what the request claims. */
export function subjectName(facts: SubjectFacts): x509.JsonName {
  const cn = `${facts.firstName} ${facts.lastName}`;
  const country = { [OID.country]: ['AZ'] };
  if (facts.type === 'person')
    return [
      country,
      { [OID.serialNumber]: [`PNOAZ-${facts.fin}`] },
      { [OID.givenName]: [facts.firstName] },
      { [OID.surname]: [facts.lastName] },
      { [OID.commonName]: [cn] },
    ];
  if (facts.type === 'legal')
    return [
      country,
      { [OID.organisation]: [facts.organisationName ?? ''] },
      { [OID.organisationIdentifier]: [`VATAZ-${facts.taxNumber ?? ''}`] },
      { [OID.commonName]: [cn] },
    ];
  return [
    country,
    { [OID.organisation]: [facts.organisationName ?? ''] },
    ...(facts.unit ? [{ [OID.unit]: [facts.unit] }] : []),
    { [OID.commonName]: [cn] },
  ];
}

export interface PortalUrls {
  ocsp: string;
  issuingCert: string;
  rootCert: string;
  issuingCrl: string;
  rootCrl: string;
}

export function portalUrls(publicUrl: string): PortalUrls {
  return {
    ocsp: `${publicUrl}/pki/ocsp`,
    issuingCert: `${publicUrl}/pki/ca/issuing.crt`,
    rootCert: `${publicUrl}/pki/ca/root.crt`,
    issuingCrl: `${publicUrl}/pki/crl/issuing.crl`,
    rootCrl: `${publicUrl}/pki/crl/root.crl`,
  };
}

/** Extensions every end-entity certificate carries, per type. */
export async function endEntityExtensions(
  type: CertSubjectType,
  publicKey: x509.PublicKey,
  issuer: x509.X509Certificate,
  urls: PortalUrls,
): Promise<x509.Extension[]> {
  return [
    new x509.BasicConstraintsExtension(false, undefined, true),
    new x509.KeyUsagesExtension(
      x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation,
      true,
    ),
    new x509.CertificatePolicyExtension([POLICY_OIDS[type]]),
    new x509.CRLDistributionPointsExtension([urls.issuingCrl]),
    new x509.AuthorityInfoAccessExtension({ ocsp: [urls.ocsp], caIssuers: [urls.issuingCert] }),
    await x509.SubjectKeyIdentifierExtension.create(publicKey),
    await x509.AuthorityKeyIdentifierExtension.create(issuer),
  ];
}
