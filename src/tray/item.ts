// The two D-Bus objects a tray icon is made of: org.kde.StatusNotifierItem
// (icon, tooltip, clicks) and com.canonical.dbusmenu (its menu). They only
// present a model and report clicks; tray.ts decides what those mean.
import dbus from 'dbus-next';
import { argb32, ICON_NAMES, PIXMAP_SIZES, type TrayState } from './icons.js';

const { Interface } = dbus.interface;
const { Variant } = dbus;

export const ITEM_PATH = '/StatusNotifierItem';
export const MENU_PATH = '/MenuBar';

export interface ItemView {
  state: TrayState;
  /** Tooltip title and body (plain text). */
  title: string;
  body: string;
}

type Pixmap = [number, number, Buffer];

function pixmaps(state: TrayState): Pixmap[] {
  return PIXMAP_SIZES.map((s) => [s, s, argb32(state, s)]);
}

// Spec: https://www.freedesktop.org/wiki/Specifications/StatusNotifierItem/StatusNotifierItem/
export class StatusNotifierItem extends Interface {
  private view: ItemView = { state: 'stopped', title: 'Autocorrector', body: '' };
  private readonly pixmapCache = new Map<TrayState, Pixmap[]>();

  constructor(private readonly iconThemePath: string, private readonly onActivate: () => void) {
    super('org.kde.StatusNotifierItem');
  }

  get Category(): string { return 'ApplicationStatus'; }
  get Id(): string { return 'autocorrector'; }
  get Title(): string { return 'Autocorrector'; }
  // Not running asks for attention: corrections silently stopped.
  get Status(): string { return this.view.state === 'stopped' ? 'NeedsAttention' : 'Active'; }
  get WindowId(): number { return 0; }
  get IconThemePath(): string { return this.iconThemePath; }
  get IconName(): string { return ICON_NAMES[this.view.state]; }
  get IconPixmap(): Pixmap[] { return this.pixmapsOf(this.view.state); }
  get OverlayIconName(): string { return ''; }
  get OverlayIconPixmap(): Pixmap[] { return []; }
  get AttentionIconName(): string { return ICON_NAMES.stopped; }
  get AttentionIconPixmap(): Pixmap[] { return this.pixmapsOf('stopped'); }
  get AttentionMovieName(): string { return ''; }
  get ToolTip(): [string, Pixmap[], string, string] { return [this.IconName, [], this.view.title, this.view.body]; }
  get ItemIsMenu(): boolean { return false; }
  get Menu(): string { return MENU_PATH; }

  Activate(_x: number, _y: number): void { this.onActivate(); }
  SecondaryActivate(_x: number, _y: number): void { /* middle click: nothing */ }
  ContextMenu(_x: number, _y: number): void { /* hosts show Menu themselves */ }
  Scroll(_delta: number, _orientation: string): void { /* nothing to scroll */ }

  NewTitle(): void {}
  NewIcon(): void {}
  NewAttentionIcon(): void {}
  NewOverlayIcon(): void {}
  NewToolTip(): void {}
  NewStatus(): string { return this.Status; }

  private pixmapsOf(state: TrayState): Pixmap[] {
    let p = this.pixmapCache.get(state);
    if (!p) this.pixmapCache.set(state, (p = pixmaps(state)));
    return p;
  }

  /** Shows `view`, emitting only the signals of what changed. */
  update(view: ItemView): void {
    const old = this.view;
    this.view = view;
    if (old.state !== view.state) {
      this.NewIcon();
      Interface.emitPropertiesChanged(this, { IconName: this.IconName, IconPixmap: this.IconPixmap }, []);
      if ((old.state === 'stopped') !== (view.state === 'stopped')) this.NewStatus();
    }
    if (old.state !== view.state || old.title !== view.title || old.body !== view.body) this.NewToolTip();
  }
}

const R = { access: 'read' as const };
StatusNotifierItem.configureMembers({
  properties: {
    Category: { signature: 's', ...R }, Id: { signature: 's', ...R }, Title: { signature: 's', ...R },
    Status: { signature: 's', ...R }, WindowId: { signature: 'i', ...R }, IconThemePath: { signature: 's', ...R },
    IconName: { signature: 's', ...R }, IconPixmap: { signature: 'a(iiay)', ...R },
    OverlayIconName: { signature: 's', ...R }, OverlayIconPixmap: { signature: 'a(iiay)', ...R },
    AttentionIconName: { signature: 's', ...R }, AttentionIconPixmap: { signature: 'a(iiay)', ...R },
    AttentionMovieName: { signature: 's', ...R }, ToolTip: { signature: '(sa(iiay)ss)', ...R },
    ItemIsMenu: { signature: 'b', ...R }, Menu: { signature: 'o', ...R },
  },
  methods: {
    Activate: { inSignature: 'ii' }, SecondaryActivate: { inSignature: 'ii' },
    ContextMenu: { inSignature: 'ii' }, Scroll: { inSignature: 'is' },
  },
  signals: {
    NewTitle: { signature: '' }, NewIcon: { signature: '' }, NewAttentionIcon: { signature: '' },
    NewOverlayIcon: { signature: '' }, NewToolTip: { signature: '' }, NewStatus: { signature: 's' },
  },
});

// ---------------------------------------------------------------- menu

export interface MenuEntry {
  id: number;
  label?: string;
  separator?: boolean;
  enabled?: boolean;
  /** A checkbox: its state. */
  checked?: boolean;
  children?: MenuEntry[];
}

type Layout = [number, Record<string, InstanceType<typeof Variant>>, InstanceType<typeof Variant>[]];

function props(e: MenuEntry): Record<string, InstanceType<typeof Variant>> {
  const p: Record<string, InstanceType<typeof Variant>> = {};
  if (e.separator) p.type = new Variant('s', 'separator');
  if (e.label !== undefined) p.label = new Variant('s', e.label);
  if (e.enabled === false) p.enabled = new Variant('b', false);
  if (e.checked !== undefined) {
    p['toggle-type'] = new Variant('s', 'checkmark');
    p['toggle-state'] = new Variant('i', e.checked ? 1 : 0);
  }
  if (e.children) p['children-display'] = new Variant('s', 'submenu');
  return p;
}

function layout(e: MenuEntry, depth: number): Layout {
  const kids = depth === 0 ? [] : (e.children ?? []).map((c) => new Variant('(ia{sv}av)', layout(c, depth - 1)));
  return [e.id, props(e), kids];
}

function find(e: MenuEntry, id: number): MenuEntry | undefined {
  if (e.id === id) return e;
  for (const c of e.children ?? []) {
    const f = find(c, id);
    if (f) return f;
  }
  return undefined;
}

// Spec: libdbusmenu's com.canonical.dbusmenu.xml (version 3).
export class DbusMenu extends Interface {
  private root: MenuEntry = { id: 0, children: [] };
  private revision = 1;

  constructor(private readonly onClick: (id: number) => void, private readonly onOpen: () => void) {
    super('com.canonical.dbusmenu');
  }

  get Version(): number { return 3; }
  get TextDirection(): string { return 'ltr'; }
  get Status(): string { return 'normal'; }
  get IconThemePath(): string[] { return []; }

  GetLayout(parentId: number, recursionDepth: number, _names: string[]): [number, Layout] {
    const e = find(this.root, parentId) ?? this.root;
    return [this.revision, layout(e, recursionDepth < 0 ? Infinity : recursionDepth)];
  }

  GetGroupProperties(ids: number[], _names: string[]): [number, Record<string, InstanceType<typeof Variant>>][] {
    const all = ids.length === 0 ? this.flatten(this.root) : ids.map((id) => find(this.root, id)).filter((e): e is MenuEntry => e !== undefined);
    return all.map((e) => [e.id, props(e)]);
  }

  GetProperty(id: number, name: string): InstanceType<typeof Variant> {
    const e = find(this.root, id);
    const v = e ? props(e)[name] : undefined;
    if (!v) throw new dbus.DBusError('com.canonical.dbusmenu.Error', `no property ${name} on item ${id}`);
    return v;
  }

  Event(id: number, eventId: string, _data: unknown, _timestamp: number): void {
    if (eventId === 'clicked') this.onClick(id);
    else if (eventId === 'opened' && id === 0) this.onOpen();
  }

  EventGroup(events: [number, string, unknown, number][]): number[] {
    const missing: number[] = [];
    for (const [id, eventId, data, ts] of events) {
      if (find(this.root, id)) this.Event(id, eventId, data, ts);
      else missing.push(id);
    }
    return missing;
  }

  AboutToShow(id: number): boolean {
    if (id === 0) this.onOpen();
    return false;
  }

  AboutToShowGroup(ids: number[]): [number[], number[]] {
    if (ids.includes(0)) this.onOpen();
    return [[], []];
  }

  LayoutUpdated(): [number, number] { return [this.revision, 0]; }
  ItemsPropertiesUpdated(): [unknown[], unknown[]] { return [[], []]; }
  ItemActivationRequested(): [number, number] { return [0, 0]; }

  private flatten(e: MenuEntry): MenuEntry[] {
    return [e, ...(e.children ?? []).flatMap((c) => this.flatten(c))];
  }

  /** Replaces the menu; hosts re-read it on LayoutUpdated. */
  set(children: MenuEntry[]): void {
    if (JSON.stringify(children) === JSON.stringify(this.root.children)) return;
    this.root = { id: 0, children };
    this.revision++;
    this.LayoutUpdated();
  }
}

DbusMenu.configureMembers({
  properties: {
    Version: { signature: 'u', ...R }, TextDirection: { signature: 's', ...R },
    Status: { signature: 's', ...R }, IconThemePath: { signature: 'as', ...R },
  },
  methods: {
    GetLayout: { inSignature: 'iias', outSignature: 'u(ia{sv}av)' },
    GetGroupProperties: { inSignature: 'aias', outSignature: 'a(ia{sv})' },
    GetProperty: { inSignature: 'is', outSignature: 'v' },
    Event: { inSignature: 'isvu' },
    EventGroup: { inSignature: 'a(isvu)', outSignature: 'ai' },
    AboutToShow: { inSignature: 'i', outSignature: 'b' },
    AboutToShowGroup: { inSignature: 'ai', outSignature: 'aiai' },
  },
  signals: {
    LayoutUpdated: { signature: 'ui' },
    ItemsPropertiesUpdated: { signature: 'a(ia{sv})a(ias)' },
    ItemActivationRequested: { signature: 'iu' },
  },
});
