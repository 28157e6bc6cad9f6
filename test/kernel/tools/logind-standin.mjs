// A stand-in for logind on a private bus (real logind cannot run in CI or the
// test VM): org.freedesktop.login1 with a Manager that finds one session and
// that Session's Id and Active, which PropertiesChanged announces as logind
// does. Lines on stdin switch the session: "active 0" / "active 1"; each is
// answered on stdout with "emitted active N T" (T: CLOCK_MONOTONIC ms).
//   node logind-standin.mjs --bus ADDRESS --session ID [--dbus-next DIR]
import { createRequire } from 'node:module';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { bus: { type: 'string' }, session: { type: 'string', default: 'c1' }, 'dbus-next': { type: 'string' } } });
const require = createRequire(values['dbus-next'] ? `${values['dbus-next']}/` : import.meta.url);
const dbus = require('dbus-next');
const { Interface, ACCESS_READ } = dbus.interface;

const id = values.session;
const path = `/org/freedesktop/login1/session/${id}`;
const nowMs = () => (Number(process.hrtime.bigint() / 1000n) / 1000).toFixed(1);

class Session extends Interface {
  active = true;
  get Id() { return id; }
  get Active() { return this.active; }
}
Session.configureMembers({ properties: { Id: { signature: 's', access: ACCESS_READ }, Active: { signature: 'b', access: ACCESS_READ } } });

class Manager extends Interface {
  GetSession(want) {
    if (want !== id) throw new dbus.DBusError('org.freedesktop.login1.NoSuchSession', `No session '${want}' known`);
    return path;
  }
  GetSessionByPID() {
    throw new dbus.DBusError('org.freedesktop.login1.NoSessionForPID', 'PID does not belong to any known session');
  }
  GetUser() {
    throw new dbus.DBusError('org.freedesktop.login1.NoSuchUser', 'No such user');
  }
}
Manager.configureMembers({
  methods: {
    GetSession: { inSignature: 's', outSignature: 'o' },
    GetSessionByPID: { inSignature: 'u', outSignature: 'o' },
    GetUser: { inSignature: 'u', outSignature: 'o' },
  },
});

const bus = dbus.sessionBus({ busAddress: values.bus });
const session = new Session('org.freedesktop.login1.Session');
bus.export('/org/freedesktop/login1', new Manager('org.freedesktop.login1.Manager'));
bus.export(path, session);
await bus.requestName('org.freedesktop.login1', 0);
console.log(`ready ${id}`);

createInterface({ input: process.stdin }).on('line', (line) => {
  const m = /^active ([01])$/.exec(line.trim());
  if (!m) return;
  session.active = m[1] === '1';
  Interface.emitPropertiesChanged(session, { Active: session.active }, []);
  console.log(`emitted active ${m[1]} ${nowMs()}`);
}).on('close', () => process.exit(0));
