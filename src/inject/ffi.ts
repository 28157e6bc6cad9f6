// ffi-rs, loaded without its loader's libc test. ffi-rs's index.js tells
// glibc from musl with process.report.getReport() (a full diagnostic report:
// ~6 ms on a desktop, far more in the kernel-test VM), and the uinput
// keyboard needs ffi-rs before the keyboards are grabbed (issue 17). The
// binding itself is a package per target that ffi-rs depends on
// (@yuuang/ffi-rs-linux-<arch>-<gnu|musl>): we take the glibc one, and the
// musl one when that one is missing or does not load (dlopen is the test).
// Anywhere else, ffi-rs's own loader. Shell module.
import { createRequire } from 'node:module';
import { arch } from 'node:os';
import type * as FfiRs from 'ffi-rs';

type Binding = typeof FfiRs;

const TARGETS: Record<string, string[]> = {
  x64: ['linux-x64-gnu', 'linux-x64-musl'],
  arm64: ['linux-arm64-gnu', 'linux-arm64-musl'],
};

function loadBinding(): { binding: Binding; direct: boolean } {
  const require = createRequire(import.meta.url);
  // The binding packages are ffi-rs's dependencies: resolved from where it is.
  const fromFfiRs = createRequire(require.resolve('ffi-rs'));
  for (const target of process.platform === 'linux' ? TARGETS[arch()] ?? [] : []) {
    try {
      return { binding: fromFfiRs(`@yuuang/ffi-rs-${target}`) as Binding, direct: true };
    } catch {
      // not installed for this libc, or not loadable here: the next one
    }
  }
  return { binding: require('ffi-rs') as Binding, direct: false };
}

const { binding, direct } = loadBinding();

export const DataType = binding.DataType;
export type DataType = FfiRs.DataType;
export const open = binding.open;
export const isNullPointer = binding.isNullPointer;

// What ffi-rs's load() adds to the binding's: an array argument goes with its
// length, and a result's memory is not freed unless asked.
const ARRAYS = new Set<FfiRs.DataType>([DataType.I16Array, DataType.I32Array, DataType.StringArray, DataType.DoubleArray, DataType.U8Array, DataType.FloatArray]);
// (The binding's FFITypeTag has Array; index.d.ts leaves it out.)
const ARRAY_TAG = (binding.FFITypeTag as unknown as { Array: number }).Array;

export const load: Binding['load'] = direct
  ? (params) => binding.load({
    freeResultMemory: false,
    ...params,
    paramsType: params.paramsType.map((type, i) => (ARRAYS.has(type as FfiRs.DataType)
      ? { ffiTypeTag: ARRAY_TAG, type, length: (params.paramsValue[i] as ArrayLike<unknown>).length } as never
      : type)),
  })
  : binding.load;
