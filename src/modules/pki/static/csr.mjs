// Makes the key pair in the browser (the private key is not extractable and stays in IndexedDB) and fills the
// request form with a PKCS#10 request signed by it. The form works without this script: a pasted request does too.

const ECDSA_WITH_SHA256 = [0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x02];
const COMMON_NAME = [0x06, 0x03, 0x55, 0x04, 0x03];

function length(n) {
  if (n < 0x80) return [n];
  const bytes = [];
  for (let v = n; v > 0; v >>= 8) bytes.unshift(v & 0xff);
  return [0x80 | bytes.length, ...bytes];
}

function tlv(tag, body) {
  return [tag, ...length(body.length), ...body];
}

function integer(bytes) {
  let b = [...bytes];
  while (b.length > 1 && b[0] === 0 && b[1] < 0x80) b = b.slice(1);
  if (b[0] >= 0x80) b = [0, ...b];
  return tlv(0x02, b);
}

/** WebCrypto gives r||s; X.509 wants the DER SEQUENCE of two INTEGERs. */
function derSignature(raw) {
  const half = raw.length / 2;
  return tlv(0x30, [...integer(raw.slice(0, half)), ...integer(raw.slice(half))]);
}

/** A PKCS#10 request for the public key, signed with the private key (proof of possession). */
export async function buildCsr(keyPair, commonName = 'e-imza') {
  const spki = [...new Uint8Array(await crypto.subtle.exportKey('spki', keyPair.publicKey))];
  const cn = [...new TextEncoder().encode(commonName)];
  const subject = tlv(0x30, tlv(0x31, tlv(0x30, [...COMMON_NAME, ...tlv(0x0c, cn)])));
  const info = tlv(0x30, [0x02, 0x01, 0x00, ...subject, ...spki, 0xa0, 0x00]);
  const signature = new Uint8Array(
    await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, keyPair.privateKey, new Uint8Array(info)),
  );
  const request = tlv(0x30, [
    ...info,
    ...tlv(0x30, ECDSA_WITH_SHA256),
    ...tlv(0x03, [0x00, ...derSignature([...signature])]),
  ]);
  const base64 = btoa(String.fromCharCode(...request)).replace(/.{64}/g, '$&\n');
  return `-----BEGIN CERTIFICATE REQUEST-----\n${base64.trim()}\n-----END CERTIFICATE REQUEST-----\n`;
}

export function generateKeyPair() {
  // extractable false: the private key can sign but can never be read out, not even by this page.
  return crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign', 'verify']);
}

function keep(keyPair) {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open('egov-esign', 1);
    open.onupgradeneeded = () => open.result.createObjectStore('keys', { autoIncrement: true });
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const tx = open.result.transaction('keys', 'readwrite');
      tx.objectStore('keys').add({ keyPair, created: new Date().toISOString() });
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
    };
  });
}

function enhance() {
  const block = document.getElementById('browser-key');
  const button = document.getElementById('make-key');
  const field = document.getElementById('csr');
  if (!block || !button || !field || !window.crypto?.subtle || !window.indexedDB) return;
  block.hidden = false;
  button.addEventListener('click', async () => {
    button.disabled = true;
    try {
      const keyPair = await generateKeyPair();
      await keep(keyPair);
      field.value = await buildCsr(keyPair);
    } finally {
      button.disabled = false;
    }
  });
}

if (typeof document !== 'undefined') {
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', enhance);
  else enhance();
}
