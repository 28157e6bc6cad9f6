// src/inject/ffi.ts: ffi-rs's binding without the diagnostic report its
// loader takes, and load() called as ffi-rs's own would be (array lengths).
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it, vi } from 'vitest';

it('loads without a diagnostic report and writes a byte array through libc', async () => {
  const report = vi.spyOn(process.report, 'getReport');
  const { DataType, load, open } = await import('../../src/inject/ffi.js');
  expect(report).not.toHaveBeenCalled();
  report.mockRestore();

  open({ library: 'ffi-test-libc', path: 'libc.so.6' });
  const dir = mkdtempSync(join(tmpdir(), 'ac-ffi-'));
  try {
    const path = join(dir, 'out');
    const O_WRONLY_CREAT = 0o1 | 0o100;
    const call = (funcName: string, retType: DataType, paramsType: DataType[], paramsValue: unknown[]) =>
      load({ library: 'ffi-test-libc', funcName, retType, paramsType, paramsValue }) as number;
    const fd = call('open', DataType.I32, [DataType.String, DataType.I32, DataType.I32], [path, O_WRONLY_CREAT, 0o600]);
    expect(fd).toBeGreaterThanOrEqual(0);
    const bytes = Buffer.from([1, 2, 3, 250]);
    expect(call('write', DataType.I64, [DataType.I32, DataType.U8Array, DataType.U64], [fd, bytes, bytes.length])).toBe(4);
    expect(call('close', DataType.I32, [DataType.I32], [fd])).toBe(0);
    expect([...readFileSync(path)]).toEqual([1, 2, 3, 250]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
