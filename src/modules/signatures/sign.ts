import crypto from 'node:crypto';
import { SignPdf } from '@signpdf/signpdf';
import { Signer } from '@signpdf/utils';
import type { Platform } from '../../app.ts';
import { parseCertificate } from './certificates.ts';
import { digest, OID, rawToDer, signedAttributes, signedData, timeStampAttribute } from './cms.ts';
import type { SignatureReport } from './contract.ts';
import { agencyOf, trustOf } from './material.ts';
import { stampData } from './tsa.ts';
import { verifyDetached } from './verify.ts';

export class SigningUnavailable extends Error {}

/**
 * CAdES-T detached CMS over `content`, signed with the agency's state-structure key: signed attributes
 * content-type, message-digest, signing-time and signing-certificate-v2, then our TSA's timestamp of the
 * signature value as the unsigned attribute id-aa-signatureTimeStampToken.
 */
export async function signDetached(
  platform: Platform,
  organisationId: string,
  content: Uint8Array,
): Promise<Uint8Array> {
  const agency = await agencyOf(platform, organisationId);
  if (!agency) throw new SigningUnavailable('no agency key (CA not initialised or not a state structure)');
  const attributes = signedAttributes({
    contentType: OID.data,
    digest: digest('sha256', content),
    signer: agency.certificate,
    signingTime: platform.clock.now(),
  });
  const signature = crypto.sign('sha256', attributes, { key: agency.key, dsaEncoding: 'der' });
  const token = await stampData(platform, signature);
  if (!token) throw new SigningUnavailable('no timestamp authority');
  return signedData({
    contentType: OID.data,
    certificates: agency.certificates,
    signer: agency.certificate,
    attributes,
    signature,
    unsigned: [timeStampAttribute(token)],
  });
}

const signpdf = new SignPdf();

/** @signpdf hands us the bytes of the byte range; we answer with our CMS (adbe.pkcs7.detached). */
class AgencyPdfSigner extends Signer {
  constructor(
    private readonly platform: Platform,
    private readonly organisationId: string,
  ) {
    super();
  }
  override async sign(pdfBuffer: Buffer): Promise<Buffer> {
    return Buffer.from(await signDetached(this.platform, this.organisationId, pdfBuffer));
  }
}

/** Signs a PDF that carries a @signpdf placeholder (e.g. from @signpdf/placeholder-pdf-lib). */
export async function signPdf(
  platform: Platform,
  organisationId: string,
  pdf: Uint8Array,
): Promise<Uint8Array> {
  const signed = await signpdf.sign(Buffer.from(pdf), new AgencyPdfSigner(platform, organisationId));
  return new Uint8Array(signed);
}

/**
 * Step one of signing in the browser: the DER SET OF signed attributes that WebCrypto signs
 * (ECDSA, SHA-256, over exactly these bytes). Throws when the certificate is not one.
 */
export async function prepareBrowserSignature(
  _platform: Platform,
  input: { content: Uint8Array; certificateDer: Uint8Array; signingTime: Date },
): Promise<{ signedAttributes: Uint8Array }> {
  return {
    signedAttributes: signedAttributes({
      contentType: OID.data,
      digest: digest('sha256', input.content),
      signer: parseCertificate(input.certificateDer),
      signingTime: input.signingTime,
    }),
  };
}

/** Step two: the raw r||s from WebCrypto, assembled into CMS, timestamped and verified. */
export async function completeBrowserSignature(
  platform: Platform,
  input: {
    content: Uint8Array;
    certificateDer: Uint8Array;
    signedAttributes: Uint8Array;
    signature: Uint8Array;
  },
): Promise<{ cms: Uint8Array; report: SignatureReport }> {
  const signer = parseCertificate(input.certificateDer);
  const signature = rawToDer(input.signature);
  const token = await stampData(platform, signature);
  const trust = await trustOf(platform);
  const cms = signedData({
    contentType: OID.data,
    certificates: trust ? [signer.der, trust.issuing.der] : [signer.der],
    signer,
    attributes: input.signedAttributes,
    signature,
    unsigned: token ? [timeStampAttribute(token)] : [],
  });
  return { cms, report: await verifyDetached(platform, input.content, cms) };
}
