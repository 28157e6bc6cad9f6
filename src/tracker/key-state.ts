// The keyboard's state as xkb keeps it, rebuilt from physical key events:
// held modifiers, Caps Lock, the active group. Each key's effect comes from
// the role the layout compiled onto it, not from its key code, so options
// such as ctrl:nocaps or grp:alt_shift_toggle are followed. Pure.
import type { Keymap, Levels } from '../keymap/keymap.js';
import { MOD, Role, defaultRole, roleMod } from '../keymap/key-roles.js';

export class KeyboardState {
  /** Shift, Caps Lock, level 3 and group, as decode() wants them; updated in place. */
  readonly levels: Levels & { group: number } = { shift: false, capsLock: false, altGr: false, group: 0 };
  /** MOD bits of the modifier keys held now. */
  mods = 0;
  private lockedGroup = 0;
  private readonly groups: number;
  /** Held modifier keys, in press order, and the role each had when pressed (its release undoes that). */
  private readonly heldCodes: number[] = [];
  private readonly heldRoles: number[] = [];
  private readonly roleOf: (code: number, group: number, mods: number) => number;

  constructor(keymap: Keymap) {
    this.groups = Math.max(1, keymap.groupCount ?? 1);
    if (keymap.role) {
      this.roleOf = keymap.role.bind(keymap);
    } else {
      const levelThree = new Set(keymap.levelThreeKeys ?? []);
      this.roleOf = (code) => (levelThree.has(code) ? Role.Level3 : defaultRole(code));
    }
  }

  get capsLock(): boolean {
    return this.levels.capsLock;
  }

  set capsLock(on: boolean) {
    this.levels.capsLock = on;
  }

  /** The active group: 0 for the first layout. */
  get group(): number {
    return this.levels.group;
  }

  /** Key codes of the modifiers held now, in the order they were pressed. */
  held(): readonly number[] {
    return this.heldCodes;
  }

  /**
   * Feeds one EV_KEY event (1 press, 2 repeat, 0 release) and returns the
   * key's role: Role.None for a key that types (or a release of one).
   */
  key(code: number, value: number): number {
    const at = this.heldCodes.indexOf(code);
    if (value === 0) {
      if (at < 0) return Role.None;
      const role = this.heldRoles[at];
      this.heldCodes.splice(at, 1);
      this.heldRoles.splice(at, 1);
      this.update();
      return role;
    }
    if (at >= 0) return this.heldRoles[at];
    const role = this.roleOf(code, this.levels.group, this.mods);
    switch (role) {
      case Role.None: case Role.Backspace: case Role.Inert:
        break;
      case Role.CapsLock:
        // A lock acts on the press; its autorepeat changes nothing.
        if (value === 1) this.levels.capsLock = !this.levels.capsLock;
        break;
      case Role.GroupNext: case Role.GroupPrev: case Role.GroupFirst: case Role.GroupLast:
        if (value === 1) this.lockGroup(role);
        break;
      default: // a modifier (Shift … Level3, GroupShift): held until released
        this.heldCodes.push(code);
        this.heldRoles.push(role);
        this.update();
    }
    return role;
  }

  private lockGroup(role: number): void {
    const n = this.groups;
    if (role === Role.GroupNext) this.lockedGroup = (this.lockedGroup + 1) % n;
    else if (role === Role.GroupPrev) this.lockedGroup = (this.lockedGroup + n - 1) % n;
    else this.lockedGroup = role === Role.GroupFirst ? 0 : n - 1;
    this.update();
  }

  private update(): void {
    let mods = 0;
    let shifted = 0;
    for (let i = 0; i < this.heldRoles.length; i++) {
      const role = this.heldRoles[i];
      if (role === Role.GroupShift) shifted = 1;
      else mods |= roleMod(role as Role);
    }
    this.mods = mods;
    this.levels.shift = (mods & MOD.SHIFT) !== 0;
    this.levels.altGr = (mods & MOD.LEVEL3) !== 0;
    // Groups wrap, as xkb's default group behaviour does.
    this.levels.group = (this.lockedGroup + shifted) % this.groups;
  }
}
