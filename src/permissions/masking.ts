import { createHmac } from 'node:crypto';
import type { MaskKind } from './permission-model';

/**
 * How identity fields look to roles that see them masked (GB/T 35273 去标识化 practice):
 * name 张*, ID number first 6 and last 4 digits, phone 138****5678, birth date as its year (or
 * an age band), address as province and city. Pure functions of the value, except the
 * pseudonym, which is keyed.
 */

export function maskName(name: string): string {
  const chars = [...name];
  return chars.length <= 1 ? '*' : chars[0] + '*'.repeat(chars.length - 1);
}

export function maskIdNumber(id: string): string {
  if (id.length <= 10) return '*'.repeat(id.length);
  return id.slice(0, 6) + '*'.repeat(id.length - 10) + id.slice(-4);
}

export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  if (digits.length < 8) return '*'.repeat(phone.length);
  return digits.slice(0, 3) + '****' + digits.slice(-4);
}

/** 'YYYY-MM-DD' → 'YYYY' */
export function birthYear(birthDate: string): string {
  return birthDate.slice(0, 4);
}

/** 'YYYY-MM-DD' → a ten-year band of the age on `today`, e.g. '40-49'; 90 and over as '90+' */
export function ageBand(birthDate: string, today: Date = new Date()): string {
  const [y, m, d] = birthDate.slice(0, 10).split('-').map(Number) as [number, number, number];
  let age = today.getFullYear() - y;
  if (today.getMonth() + 1 < m || (today.getMonth() + 1 === m && today.getDate() < d)) age -= 1;
  if (age >= 90) return '90+';
  const low = Math.max(0, Math.floor(age / 10) * 10);
  return `${low}-${low + 9}`;
}

const PROVINCE = /^(.+?(?:省|自治区|特别行政区))/;
const MUNICIPALITY = /^(北京市|天津市|上海市|重庆市)/;
const CITY = /^(.+?(?:市|自治州|地区|盟))/;

/** an address cut to its province and city: '浙江省杭州市西湖区文三路…' → '浙江省杭州市' */
export function provinceAndCity(address: string): string {
  const municipality = MUNICIPALITY.exec(address);
  if (municipality) return municipality[1]!;
  const province = PROVINCE.exec(address);
  if (!province) return CITY.exec(address)?.[1] ?? '***';
  const city = CITY.exec(address.slice(province[1]!.length));
  return province[1]! + (city?.[1] ?? '');
}

/**
 * A stable, joinable, non-reversible patient id for analysts: HMAC-SHA-256 under the deployment's
 * secret, truncated to 96 bits (collisions are negligible at hospital scale) and prefixed so
 * that nobody mistakes it for a HIS id.
 */
export function pseudonym(secret: string | Buffer, id: string): string {
  return 'PSN-' + createHmac('sha256', secret).update(`patient:${id}`).digest('base64url').slice(0, 16);
}

export function applyMask(kind: MaskKind, value: unknown, secret: string | Buffer): unknown {
  if (value === null || value === undefined) return value;
  const text = String(value);
  switch (kind) {
    case 'pseudonym':
      return pseudonym(secret, text);
    case 'name':
      return maskName(text);
    case 'idNumber':
      return maskIdNumber(text);
    case 'phone':
      return maskPhone(text);
    case 'birthYear':
      return birthYear(text);
    case 'ageBand':
      return ageBand(text);
    case 'provinceCity':
      return provinceAndCity(text);
  }
}
