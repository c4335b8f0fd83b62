/**
 * ssh_config keywords that only distribution builds of OpenSSH know: the GSSAPI key-exchange patch that
 * Debian, Ubuntu, Fedora and RHEL apply. Measured with Debian 12's ssh 9.2p1 (`ssh -G` prints each of them);
 * upstream builds (macOS, Homebrew, the BSDs, Windows) stop with "Bad configuration option". All prose here is
 * our own.
 */
import type { KeywordSpec } from '../types';

const PATCH = 'the GSSAPI key-exchange patch (Debian, Ubuntu, Fedora, RHEL)';

export const SSH_CLIENT_PATCH_KEYWORDS: readonly KeywordSpec[] = [
  {
    name: 'GSSAPIClientIdentity',
    summary: `The GSSAPI identity the client uses to authenticate, when it has several; from ${PATCH}.`,
    syntax: 'identity',
    value: { type: 'free' },
    status: 'patch',
  },
  {
    name: 'GSSAPIKexAlgorithms',
    summary: `The GSSAPI key-exchange algorithms offered, comma-separated, from gss-group14-sha256-, gss-group16-sha512-, gss-nistp256-sha256-, gss-curve25519-sha256-, gss-group14-sha1-, gss-gex-sha1- and gss-group1-sha1- (any other name, or a +/-/^ prefix, stops ssh: "Bad GSSAPI KexAlgorithms"; not checked here); from ${PATCH}.`,
    default: 'gss-group14-sha256-,gss-group16-sha512-,gss-nistp256-sha256-,gss-curve25519-sha256-,gss-group14-sha1-,gss-gex-sha1-',
    syntax: 'algorithm[,algorithm...]',
    value: { type: 'free' },
    status: 'patch',
  },
  {
    name: 'GSSAPIKeyExchange',
    summary: `Whether key exchange based on GSSAPI (Kerberos) may be used, which can authenticate the server without a host key; from ${PATCH}.`,
    default: 'no',
    syntax: 'yes | no',
    value: { type: 'flag' },
    status: 'patch',
  },
  {
    name: 'GSSAPIRenewalForcesRekey',
    summary: `Whether renewing the GSSAPI credentials triggers a key re-exchange; from ${PATCH}.`,
    default: 'no',
    syntax: 'yes | no',
    value: { type: 'flag' },
    status: 'patch',
  },
  {
    name: 'GSSAPIServerIdentity',
    summary: `The GSSAPI identity expected from the server, when it differs from the host name; from ${PATCH}.`,
    syntax: 'identity',
    value: { type: 'free' },
    status: 'patch',
  },
  {
    name: 'GSSAPITrustDNS',
    summary: `Whether the host name is canonicalised through DNS before building the GSSAPI principal; from ${PATCH}.`,
    default: 'no',
    syntax: 'yes | no',
    value: { type: 'flag' },
    status: 'patch',
  },
];
