import { describe, expect, it } from 'vitest';
import { composeReason } from './reject-dialog';

describe('composeReason', () => {
  it('joins the preset reasons and the free text as the captain reads them', () => {
    expect(composeReason(['照片不清晰', '未完成'], '  请重新拍摄楼道  ')).toBe('照片不清晰；未完成；请重新拍摄楼道');
    expect(composeReason(['重复提交'], '')).toBe('重复提交');
    expect(composeReason([], '楼道没扫干净')).toBe('楼道没扫干净');
    expect(composeReason([], '   ')).toBe('');
  });
});
