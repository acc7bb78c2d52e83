// Login with the certificate's key: ask for a fresh challenge, sign it with every key this browser keeps (at most
// five), and post the answers as an ordinary form. Without JavaScript the page explains that this needs it.
import { browserCanSign, postJson, publicKeyBase64, signBytes, storedKeys } from './browser-key.mjs';

function enhance() {
  const block = document.getElementById('certificate-login-js');
  const form = document.getElementById('certificate-login-form');
  const button = document.getElementById('certificate-login');
  const noKey = document.getElementById('certificate-no-key');
  if (!block || !form || !button || !browserCanSign()) return;
  block.hidden = false;
  document.getElementById('certificate-no-js')?.setAttribute('hidden', '');
  button.addEventListener('click', async () => {
    button.disabled = true;
    try {
      const keys = (await storedKeys()).slice(0, 5);
      if (keys.length === 0) {
        if (noKey) noKey.hidden = false;
        return;
      }
      const token = form.querySelector('input[name="_csrf"]').value;
      const { nonce, message } = await postJson(form.dataset.challenge, token);
      const bytes = new TextEncoder().encode(message);
      const attempts = [];
      for (const keyPair of keys)
        attempts.push({
          publicKey: await publicKeyBase64(keyPair),
          signature: await signBytes(keyPair, bytes),
        });
      form.querySelector('input[name="nonce"]').value = nonce;
      form.querySelector('input[name="attempts"]').value = JSON.stringify(attempts);
      form.submit();
    } catch {
      const failed = document.getElementById('certificate-failed');
      if (failed) failed.hidden = false;
    } finally {
      button.disabled = false;
    }
  });
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', enhance);
else enhance();
