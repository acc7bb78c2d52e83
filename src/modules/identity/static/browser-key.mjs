// The e-signature keys this browser keeps (made by /pki/static/csr.mjs: non-extractable ECDSA P-256 key pairs in
// IndexedDB `egov-esign`, store `keys`). Shared by the certificate login and the signing of applications.

const SIGN = { name: 'ECDSA', hash: 'SHA-256' };

export function browserCanSign() {
  return typeof window !== 'undefined' && !!window.crypto?.subtle && !!window.indexedDB;
}

/** The stored key pairs, newest first (the newest is the one most likely to have a certificate). */
export function storedKeys() {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open('egov-esign', 1);
    open.onupgradeneeded = () => open.result.createObjectStore('keys', { autoIncrement: true });
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const request = open.result.transaction('keys', 'readonly').objectStore('keys').getAll();
      request.onsuccess = () => resolve(request.result.map((r) => r.keyPair).reverse());
      request.onerror = () => reject(request.error);
    };
  });
}

export function toBase64(bytes) {
  let text = '';
  for (const b of new Uint8Array(bytes)) text += String.fromCharCode(b);
  return btoa(text);
}

export function fromBase64(text) {
  return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
}

export async function publicKeyBase64(keyPair) {
  return toBase64(await crypto.subtle.exportKey('spki', keyPair.publicKey));
}

/** ECDSA P-256 with SHA-256; WebCrypto returns the raw r||s (64 bytes). */
export async function signBytes(keyPair, bytes) {
  return toBase64(await crypto.subtle.sign(SIGN, keyPair.privateKey, bytes));
}

/** POST JSON with the page's CSRF token (the form's hidden `_csrf`). */
export async function postJson(url, token, body) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-csrf-token': token, accept: 'application/json' },
    body: JSON.stringify(body ?? {}),
    credentials: 'same-origin',
  });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return response.json();
}
