import crypto from 'node:crypto';
import type { x509 } from './x509.ts';
export const subtle = crypto.webcrypto.subtle as SubtleCrypto;

export type KeyKind = 'P-256' | 'P-384' | 'RSA-2048' | 'RSA-3072';

/** Algorithms by key kind, as WebCrypto and @peculiar/x509 name them. */
export function algorithmFor(kind: KeyKind): RsaHashedKeyGenParams | EcKeyGenParams {
  if (kind === 'P-256' || kind === 'P-384') return { name: 'ECDSA', namedCurve: kind };
  return {
    name: 'RSASSA-PKCS1-v1_5',
    modulusLength: kind === 'RSA-2048' ? 2048 : 3072,
    publicExponent: new Uint8Array([1, 0, 1]),
    hash: 'SHA-256',
  };
}

export function signingAlgorithmFor(key: CryptoKey): Algorithm & { hash?: string } {
  const algorithm = key.algorithm as EcKeyAlgorithm;
  if (algorithm.name === 'ECDSA')
    return { name: 'ECDSA', hash: algorithm.namedCurve === 'P-384' ? 'SHA-384' : 'SHA-256' };
  return { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
}

/**
 * What signs certificates, CRLs and OCSP responses. The software implementation below keeps the key in
 * memory after decrypting it once; a PKCS#11 HSM implementation would keep only a handle.
 */
export interface Signer {
  readonly privateKey: CryptoKey;
  readonly publicKey: CryptoKey;
  readonly algorithm: Algorithm & { hash?: string };
}

export async function generateKeyPair(kind: KeyKind): Promise<CryptoKeyPair> {
  return (await subtle.generateKey(algorithmFor(kind), true, ['sign', 'verify'])) as CryptoKeyPair;
}

/** PKCS#8 encrypted with the passphrase (AES-256-CBC, PBKDF2 by OpenSSL's defaults). */
export async function encryptPrivateKey(key: CryptoKey, passphrase: string): Promise<string> {
  const der = Buffer.from(await subtle.exportKey('pkcs8', key));
  const keyObject = crypto.createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
  return keyObject.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase }) as string;
}

export async function softwareSigner(
  encryptedPem: string,
  certificate: x509.X509Certificate,
  passphrase: string,
): Promise<Signer> {
  const keyObject = crypto.createPrivateKey({ key: encryptedPem, format: 'pem', passphrase });
  const der = keyObject.export({ type: 'pkcs8', format: 'der' });
  const publicAlgorithm = certificate.publicKey.algorithm as EcKeyAlgorithm;
  const importAlgorithm =
    publicAlgorithm.name === 'ECDSA'
      ? { name: 'ECDSA', namedCurve: publicAlgorithm.namedCurve }
      : { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
  const privateKey = await subtle.importKey('pkcs8', der, importAlgorithm, false, ['sign']);
  const publicKey = await certificate.publicKey.export(importAlgorithm, ['verify']);
  return { privateKey, publicKey, algorithm: signingAlgorithmFor(privateKey) };
}

/** Only ECDSA P-256/P-384 and RSA of at least 2048 bits; anything else is refused. */
export function acceptableKey(publicKey: x509.PublicKey): boolean {
  const algorithm = publicKey.algorithm as EcKeyAlgorithm & RsaHashedKeyAlgorithm;
  if (algorithm.name === 'ECDSA') return algorithm.namedCurve === 'P-256' || algorithm.namedCurve === 'P-384';
  if (algorithm.name === 'RSASSA-PKCS1-v1_5' || algorithm.name === 'RSA-PSS')
    return algorithm.modulusLength >= 2048 && algorithm.modulusLength <= 8192;
  return false;
}

export function serialHex(): string {
  const bytes = crypto.randomBytes(16);
  bytes[0] = ((bytes[0] as number) & 0x7f) | 0x40; // positive, fixed length
  return bytes.toString('hex');
}
