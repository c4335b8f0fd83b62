/**
 * sshd_config keywords that only distribution builds of OpenSSH know: the GSSAPI key-exchange patch (Debian,
 * Ubuntu, Fedora, RHEL) and Debian's own patches. Measured with Debian 12's sshd 9.2p1 (`sshd -T` accepts each
 * of them, outside Match blocks only); upstream builds stop with "Bad configuration option". All prose here is
 * our own.
 */
import type { SshdKeywordSpec } from '../sshServer';
import { YES_NO } from './values';

const GSSAPI_KEX = 'the GSSAPI key-exchange patch (Debian, Ubuntu, Fedora, RHEL)';

export const SSHD_PATCH_KEYWORDS: readonly SshdKeywordSpec[] = [
  {
    name: 'DebianBanner',
    summary:
      "Whether the distribution's version suffix (such as `Debian-2+deb12u7`) is included in the version line sshd sends; from Debian's patches, and on unless set to no.",
    syntax: 'yes | no',
    value: YES_NO,
    status: 'patch',
    match: false,
    patch: 'debian',
  },
  {
    name: 'GSSAPICleanupCreds',
    summary: `Another spelling of GSSAPICleanupCredentials, from ${GSSAPI_KEX}.`,
    syntax: 'yes | no',
    value: YES_NO,
    status: 'patch',
    aliasOf: 'GSSAPICleanupCredentials',
    match: false,
    patch: 'gssapi-kex',
  },
  {
    name: 'GSSAPIKexAlgorithms',
    summary: `The GSSAPI key-exchange algorithms sshd offers, comma-separated (an unknown name stops sshd: "Bad GSSAPI KexAlgorithms"; not checked here); from ${GSSAPI_KEX}.`,
    default: 'gss-group14-sha256-,gss-group16-sha512-,gss-nistp256-sha256-,gss-curve25519-sha256-,gss-group14-sha1-,gss-gex-sha1-',
    syntax: 'algorithm[,algorithm...]',
    value: { type: 'text' },
    status: 'patch',
    match: false,
    patch: 'gssapi-kex',
  },
  {
    name: 'GSSAPIKeyExchange',
    summary: `Whether key exchange authenticated by GSSAPI (Kerberos) is offered, which lets clients trust the server without its host key; from ${GSSAPI_KEX}.`,
    default: 'no',
    syntax: 'yes | no',
    value: YES_NO,
    status: 'patch',
    match: false,
    patch: 'gssapi-kex',
  },
  {
    name: 'GSSAPIStoreCredentialsOnRekey',
    summary: `Whether GSSAPI credentials a client renews during a later key exchange replace the stored ones; from ${GSSAPI_KEX}.`,
    default: 'no',
    syntax: 'yes | no',
    value: YES_NO,
    status: 'patch',
    match: false,
    patch: 'gssapi-kex',
  },
];
