import { describe, expect, it } from 'vitest';
import { configDir, runtimeDir, stateDir, userCorrectionsPath } from '../../src/config/paths.js';

const HOME = '/home/u';

describe('config paths (XDG)', () => {
  it('uses $XDG_CONFIG_HOME, else ~/.config', () => {
    expect(configDir(undefined, { XDG_CONFIG_HOME: '/cfg' }, HOME)).toBe('/cfg/autocorrector');
    expect(configDir(undefined, {}, HOME)).toBe('/home/u/.config/autocorrector');
  });

  it('ignores relative XDG values, as the spec requires', () => {
    expect(configDir(undefined, { XDG_CONFIG_HOME: 'rel' }, HOME)).toBe('/home/u/.config/autocorrector');
    expect(stateDir({ XDG_STATE_HOME: 'rel' }, HOME)).toBe('/home/u/.local/state/autocorrector');
  });

  it('lets --config-dir override everything', () => {
    expect(configDir('/etc/ac', { XDG_CONFIG_HOME: '/cfg' }, HOME)).toBe('/etc/ac');
    expect(userCorrectionsPath(configDir('/etc/ac'))).toBe('/etc/ac/corrections.toml');
  });

  it('puts state and runtime files in their XDG dirs', () => {
    expect(stateDir({ XDG_STATE_HOME: '/st' }, HOME)).toBe('/st/autocorrector');
    expect(stateDir({}, HOME)).toBe('/home/u/.local/state/autocorrector');
    expect(runtimeDir({ XDG_RUNTIME_DIR: '/run/user/1000' })).toBe('/run/user/1000/autocorrector');
    expect(runtimeDir({})).toMatch(/autocorrector-\w+$/);
  });
});
