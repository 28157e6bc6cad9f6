// Experiment for bench:kernel: the native addon forwarding one device with a
// JS side that does nothing (no engine), to tell the input thread's own cost
// from what the daemon's JS adds. AUTOCORRECTOR_BENCH_DAEMON="node
// $CHECKOUT/test/bench/kernel/addon-only.mjs {device}".
const dist = (process.env.CHECKOUT ?? process.cwd()) + '/dist/src';
const { UinputKeyboard } = await import(dist + '/inject/uinput.js');
const native = await import(dist + '/input/native.js');
const virt = UinputKeyboard.create();
native.start({
  mode: 'grab', uinputFd: virt.fd, devices: [process.argv[2]], holdKeys: [57, 28],
  onEvents() {},
  onDevice(ev) { if (ev.kind === 'grabbed') process.stderr.write('grabbed\n'); },
});
process.on('SIGTERM', () => { native.stop(); virt.destroy(); process.exit(0); });
