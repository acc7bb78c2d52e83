// @peculiar/x509 needs the reflect polyfill loaded before it: every file of this module imports x509 from here.
import 'reflect-metadata';
import crypto from 'node:crypto';
import * as x509 from '@peculiar/x509';

x509.cryptoProvider.set(crypto.webcrypto as Crypto);

export { x509 };
