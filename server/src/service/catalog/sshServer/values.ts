/** Value specs several parts of the sshd_config table share (conventions in ../sshServer.ts). */

/** sshd's yes/no options: only `yes` and `no`, in any case (not ssh's `true`/`false`), so a `choice`, not a `flag`. */
export const YES_NO = { type: 'choice', values: ['yes', 'no'], caseSensitive: false } as const;
