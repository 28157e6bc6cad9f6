// Follows the focused window's app id (Wayland) or class (XWayland) over the
// sway/i3 IPC socket: where AT-SPI says nothing (an app that exports no
// accessibility), the [apps] rules and the terminal rule still know the app.
import { readdirSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { join } from 'node:path';

const MAGIC = Buffer.from('i3-ipc');
const HEADER = MAGIC.length + 8;
const GET_TREE = 4;
const SUBSCRIBE = 2;
const EVENT_WINDOW = 0x80000003;

/** The IPC socket: $SWAYSOCK or $I3SOCK, else sway's in the runtime dir (a user service lacks the variable). */
export function swaySocket(env: NodeJS.ProcessEnv = process.env): string | null {
  if (env.SWAYSOCK) return env.SWAYSOCK;
  if (env.I3SOCK) return env.I3SOCK;
  const dir = env.XDG_RUNTIME_DIR;
  if (!dir) return null;
  try {
    const socks = readdirSync(dir).filter((f) => /^sway-ipc\.\d+\.\d+\.sock$/.test(f));
    return socks.length === 1 ? join(dir, socks[0]) : null;
  } catch {
    return null;
  }
}

interface Node {
  focused?: boolean;
  app_id?: string | null;
  window_properties?: { class?: string };
  nodes?: Node[];
  floating_nodes?: Node[];
}

/** The app id, else the X11 class, of a container; null for none. */
export function appOf(node: Node | undefined): string | null {
  return node?.app_id || node?.window_properties?.class || null;
}

/** The focused container of a GET_TREE answer. */
export function focusedIn(node: Node): Node | undefined {
  if (node.focused) return node;
  for (const child of [...(node.nodes ?? []), ...(node.floating_nodes ?? [])]) {
    const f = focusedIn(child);
    if (f) return f;
  }
  return undefined;
}

function frame(type: number, payload: string): Buffer {
  const body = Buffer.from(payload);
  const head = Buffer.alloc(HEADER);
  MAGIC.copy(head);
  head.writeUInt32LE(body.length, MAGIC.length);
  head.writeUInt32LE(type, MAGIC.length + 4);
  return Buffer.concat([head, body]);
}

export interface WindowFollower {
  stop(): void;
}

/**
 * Connects and reports the focused window's app (null: none, e.g. an empty
 * workspace) now and at every focus change. Rejects when there is no socket
 * or it does not answer.
 */
export function followSwayWindows(path: string, onWindow: (app: string | null) => void, onLost?: (why: string) => void): Promise<WindowFollower> {
  return new Promise((resolve, reject) => {
    const sock: Socket = connect(path);
    let pending = Buffer.alloc(0);
    let ready = false;
    let stopped = false;
    sock.on('connect', () => {
      sock.write(frame(SUBSCRIBE, '["window"]'));
      sock.write(frame(GET_TREE, ''));
    });
    sock.on('error', (err) => {
      if (!ready) reject(new Error(`sway IPC: ${err.message}`));
    });
    sock.on('close', () => {
      if (ready && !stopped) onLost?.('the sway IPC socket closed');
    });
    sock.on('data', (chunk) => {
      pending = Buffer.concat([pending, chunk]);
      while (pending.length >= HEADER) {
        const len = pending.readUInt32LE(MAGIC.length);
        if (pending.length < HEADER + len) break;
        const type = pending.readUInt32LE(MAGIC.length + 4);
        const body = pending.subarray(HEADER, HEADER + len).toString();
        pending = pending.subarray(HEADER + len);
        let msg: { change?: string; container?: Node } & Node;
        try { msg = JSON.parse(body); } catch { continue; }
        if (type === GET_TREE) {
          onWindow(appOf(focusedIn(msg)));
          if (!ready) {
            ready = true;
            resolve({ stop: () => { stopped = true; sock.destroy(); } });
          }
        } else if (type === EVENT_WINDOW && msg.change === 'focus') {
          onWindow(appOf(msg.container));
        }
      }
    });
  });
}
