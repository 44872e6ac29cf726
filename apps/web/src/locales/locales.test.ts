import { describe, expect, it } from 'vitest';
import { consoleEn } from './console-en';
import { consoleZhCN } from './console-zh-CN';
import { en } from './en';
import { zhCN } from './zh-CN';

/** Every key path of a messages object, sorted: `common.retry`, `cMall.orderStatus.paid`, … */
function keyPaths(o: object, prefix = ''): string[] {
  return Object.entries(o)
    .flatMap(([k, v]) => (typeof v === 'object' && v !== null ? keyPaths(v, `${prefix}${k}.`) : [`${prefix}${k}`]))
    .sort();
}

describe('locales', () => {
  it('English has exactly the keys of Chinese, in the shared part and in the console part', () => {
    expect(keyPaths(en)).toEqual(keyPaths(zhCN));
    expect(keyPaths(consoleEn)).toEqual(keyPaths(consoleZhCN));
  });

  it("the console's part names no section of the shared part (the console spreads one over the other)", () => {
    const shared = new Set(Object.keys(zhCN));
    expect(Object.keys(consoleZhCN).filter((k) => shared.has(k))).toEqual([]);
  });
});
