/**
 * The user's settings (`keepaliveLens.*`) turned into the service's Settings. Shared by the
 * server (workspace/configuration) and the CLI (flags).
 */
import { DEFAULT_SETTINGS, type Settings } from './service';
import type { MycnfFlavorChoice } from './service/analysis/types';
import { LATEST_OPENSSH, parseVersion, type Version } from './service/model/version';

export interface RawSettings {
  network?: { idleTimeout?: unknown };
  detectionTarget?: unknown;
  kernel?: { tcpKeepaliveTime?: unknown; tcpKeepaliveIntvl?: unknown; tcpKeepaliveProbes?: unknown; tcpSynRetries?: unknown; tcpSynLinearTimeouts?: unknown };
  ssh?: { version?: unknown };
  mysql?: { poolIdleTime?: unknown; flavor?: unknown };
}

function num(v: unknown, fallback: number, min: number, max: number): number {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : Number.NaN;
  return Number.isFinite(n) && n >= min && n <= max ? Math.floor(n) : fallback;
}

export interface SettingsRuntime {
  /** The installed OpenSSH release, when it can be found. */
  detectSshVersion(): Version | undefined;
  localUser(): string;
}

export function toSettings(raw: RawSettings | undefined, runtime: SettingsRuntime): Settings {
  const d = DEFAULT_SETTINGS;
  const k = raw?.kernel ?? {};
  const wanted = typeof raw?.ssh?.version === 'string' ? raw.ssh.version.trim() : 'auto';
  let sshVersion: Version = LATEST_OPENSSH;
  let sshVersionKnown = false;
  if (wanted === '' || wanted === 'auto') {
    const found = runtime.detectSshVersion();
    if (found) {
      sshVersion = found;
      sshVersionKnown = true;
    }
  } else if (wanted !== 'latest') {
    const v = parseVersion(wanted);
    if (v) {
      sshVersion = v;
      sshVersionKnown = true;
    }
  }
  const flavorWanted = typeof raw?.mysql?.flavor === 'string' ? raw.mysql.flavor.trim().toLowerCase() : 'auto';
  let mysqlFlavor: MycnfFlavorChoice = 'both';
  let mysqlFlavorSource: Settings['mysqlFlavorSource'] = 'default';
  if (flavorWanted === 'mariadb' || flavorWanted === 'mysql' || flavorWanted === 'both') {
    mysqlFlavor = flavorWanted;
    mysqlFlavorSource = 'setting';
  }
  return {
    idleTimeout: num(raw?.network?.idleTimeout, d.idleTimeout, 1, 31536000),
    detectionTarget: num(raw?.detectionTarget, d.detectionTarget, 1, 31536000),
    kernel: {
      time: num(k.tcpKeepaliveTime, d.kernel.time, 1, 32767),
      intvl: num(k.tcpKeepaliveIntvl, d.kernel.intvl, 1, 32767),
      probes: num(k.tcpKeepaliveProbes, d.kernel.probes, 1, 127),
      synRetries: num(k.tcpSynRetries, d.kernel.synRetries, 1, 127),
      synLinear: num(k.tcpSynLinearTimeouts, d.kernel.synLinear, 0, 127),
    },
    mysqlPoolIdleTime: num(raw?.mysql?.poolIdleTime, d.mysqlPoolIdleTime, 1, 31536000),
    mysqlFlavor,
    mysqlFlavorSource,
    sshVersion,
    sshVersionKnown,
    localUser: runtime.localUser(),
  };
}
