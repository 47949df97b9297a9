import { ageBand, birthYear, maskIdNumber, maskName, maskPhone, provinceAndCity, pseudonym } from '../../src/permissions/masking';

describe('masking of identity fields', () => {
  it('keeps the surname of a name', () => {
    expect(maskName('张三')).toBe('张*');
    expect(maskName('欧阳娜娜')).toBe('欧***');
    expect(maskName('李')).toBe('*');
  });

  it('keeps the first 6 and last 4 characters of an ID number', () => {
    expect(maskIdNumber('11010519491231002X')).toBe('110105********002X');
    expect(maskIdNumber('123')).toBe('***');
  });

  it('shows a mobile number as 138****5678', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskPhone('12')).toBe('**');
  });

  it('reduces a birth date to its year, or for analysts to a ten-year age band', () => {
    expect(birthYear('1985-07-14')).toBe('1985');
    const today = new Date(2026, 10, 26);
    expect(ageBand('1985-07-14', today)).toBe('40-49');
    expect(ageBand('1986-11-27', today)).toBe('30-39'); // 39 until tomorrow
    expect(ageBand('2026-01-01', today)).toBe('0-9');
    expect(ageBand('1930-01-01', today)).toBe('90+');
  });

  it('cuts an address to province and city, municipalities included', () => {
    expect(provinceAndCity('浙江省杭州市西湖区文三路123号5幢2单元301室')).toBe('浙江省杭州市');
    expect(provinceAndCity('上海市黄浦区南京东路1号')).toBe('上海市');
    expect(provinceAndCity('广西壮族自治区南宁市青秀区民族大道1号')).toBe('广西壮族自治区南宁市');
    expect(provinceAndCity('不明地址')).toBe('***');
  });

  it('derives a stable, keyed, non-reversible pseudonym', () => {
    const a = pseudonym('secret-one-of-at-least-32-bytes!!', 'BR00000001');
    expect(a).toMatch(/^PSN-[A-Za-z0-9_-]{16}$/);
    expect(pseudonym('secret-one-of-at-least-32-bytes!!', 'BR00000001')).toBe(a);
    expect(pseudonym('secret-one-of-at-least-32-bytes!!', 'BR00000002')).not.toBe(a);
    expect(pseudonym('another-secret-of-at-least-32-bytes', 'BR00000001')).not.toBe(a);
    expect(a).not.toContain('BR00000001');
  });
});
