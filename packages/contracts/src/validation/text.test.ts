import { describe, expect, it } from 'vitest';
import { codePointLength, cutText, hasInvisibleControls, hasLoneSurrogate, withoutInvisibleControls } from './text';

describe('text by code point', () => {
  it('never cuts an emoji or a rare character in half', () => {
    const s = `${'楼'.repeat(119)}😀𠀀尾`;
    const cut = cutText(s, 120);
    expect(cut).toBe(`${'楼'.repeat(119)}😀`);
    expect(hasLoneSurrogate(cut)).toBe(false);
    expect(cutText(s, 121, '…')).toBe(`${'楼'.repeat(119)}😀…`);
    expect(cutText('短', 120, '…')).toBe('短');
    expect(codePointLength('😀𠀀a')).toBe(3);
  });

  it('finds lone surrogates and only them', () => {
    expect(hasLoneSurrogate('\ud800')).toBe(true);
    expect(hasLoneSurrogate('a\udc00b')).toBe(true);
    expect(hasLoneSurrogate('😀𠀀')).toBe(false);
  });

  it('finds and removes bidi overrides and zero-width characters', () => {
    expect(hasInvisibleControls('张\u202e三')).toBe(true);
    expect(hasInvisibleControls('张\u200b三')).toBe(true);
    expect(hasInvisibleControls('张三')).toBe(false);
    expect(withoutInvisibleControls('\ufeff张\u2066三\u200d')).toBe('张三');
  });
});
