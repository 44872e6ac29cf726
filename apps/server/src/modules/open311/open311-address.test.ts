import { describe, expect, it } from 'vitest';
import { addressKey, matchAddress } from './open311-address';

const buildings = [
  { id: 1, name: '福宁街5号', address: '开平市三埠街道福宁街5号' },
  { id: 2, name: '福宁街15号', address: '开平市三埠街道福宁街15号' },
  { id: 3, name: '江滨新村10栋', address: null },
  { id: 4, name: '1座', address: null },
  { id: 5, name: '1座', address: null },
];

describe('address_string resolution', () => {
  it('folds full-width digits and spaces', () => {
    expect(addressKey('福宁街　５ 号')).toBe('福宁街5号');
    expect(addressKey('ＡＢＣ１')).toBe('abc1');
  });

  it('finds a building by its name, its full address, or an address ending with its name', () => {
    expect(matchAddress('福宁街5号', buildings).match?.id).toBe(1);
    expect(matchAddress('福宁街 ５号', buildings).match?.id).toBe(1);
    expect(matchAddress('开平市三埠街道福宁街5号', buildings).match?.id).toBe(1);
    expect(matchAddress('广东省开平市福宁街15号', buildings).match?.id).toBe(2);
    expect(matchAddress('三埠 江滨新村 10栋', buildings).match?.id).toBe(3);
  });

  it('resolves nothing for an unknown or ambiguous address', () => {
    expect(matchAddress('福宁街99号', buildings).match).toBeNull();
    expect(matchAddress('', buildings).match).toBeNull();
    const r = matchAddress('1座', buildings);
    expect(r.match).toBeNull();
    expect(r.ambiguous.map((b) => b.id)).toEqual([4, 5]);
  });
});
