import type { DeviceInfo } from '../input/native.js';

/** Why keyboards cannot be read, in one paragraph a user can act on (no stack trace). */
export function explainUnreadable(devices: readonly DeviceInfo[]): string | null {
  const denied = devices.filter((d) => d.error === 'EACCES' || d.error === 'EPERM');
  if (denied.length === 0) return null;
  const groups = [...new Set(denied.map((d) => d.group).filter(Boolean))];
  const group = groups.length > 0 ? groups.join(' or ') : 'input';
  return `cannot read ${denied.length} input device(s) (${denied.slice(0, 3).map((d) => d.path).join(', ')}${denied.length > 3 ? ', …' : ''}): `
    + `they belong to group '${group}' and you are not in it. Run \`sudo autocorrector setup\` `
    + `(adds you to '${group}' and installs the uinput udev rule), then log out and in again.`;
}
