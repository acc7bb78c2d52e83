// "Sign and submit": the server gives the signed attributes over the canonical text shown on the page, the key kept
// in this browser signs them (it never leaves the device), and the form posts the signature with the submission.
// Without JavaScript the plain submit button still works (except for services that require a signature).
import {
  browserCanSign,
  fromBase64,
  postJson,
  publicKeyBase64,
  signBytes,
  storedKeys,
} from '/identity/static/browser-key.mjs';

async function prepare(form, token, keyPair) {
  const publicKey = await publicKeyBase64(keyPair);
  const submissionKey = form.querySelector('input[name="submissionKey"]').value;
  try {
    const { signedAttributes } = await postJson(form.dataset.prepare, token, { submissionKey, publicKey });
    return { publicKey, signedAttributes };
  } catch {
    return undefined; // this key has no usable certificate: try the next one
  }
}

function show(id) {
  const element = document.getElementById(id);
  if (element) element.hidden = false;
}

function enhance() {
  const form = document.getElementById('submit-form');
  const button = document.getElementById('sign-and-submit');
  if (!form || !button || !browserCanSign()) return;
  show('sign-block');
  document.getElementById('sign-no-js')?.setAttribute('hidden', '');
  button.addEventListener('click', async () => {
    button.disabled = true;
    try {
      const token = form.querySelector('input[name="_csrf"]').value;
      for (const keyPair of (await storedKeys()).slice(0, 5)) {
        const prepared = await prepare(form, token, keyPair);
        if (!prepared) continue;
        const signature = await signBytes(keyPair, fromBase64(prepared.signedAttributes));
        form.querySelector('input[name="publicKey"]').value = prepared.publicKey;
        form.querySelector('input[name="signedAttributes"]').value = prepared.signedAttributes;
        form.querySelector('input[name="signature"]').value = signature;
        form.submit();
        return;
      }
      show('sign-no-key');
    } catch {
      show('sign-failed');
    } finally {
      button.disabled = false;
    }
  });
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', enhance);
else enhance();
