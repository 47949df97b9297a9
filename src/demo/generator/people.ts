import { DAY, formatDate } from './calendar';
import type { Random } from './random';

/**
 * People of the demo hospital: names, resident ID numbers (GB 11643), mobile numbers and
 * addresses that look and validate like real ones but belong to nobody.
 */

const SURNAMES = [...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤'];
const MALE_GIVEN = [...'伟强磊军勇杰涛斌超明刚平辉鹏华飞鑫波宇浩凯健俊帆帅旭宁龙林欣建国峰成志新海文东亮'];
const FEMALE_GIVEN = [...'芳娜敏静丽艳娟霞秀英华慧巧美琳素云莲真环雪荣爱妹霞香月莺媛瑞凡佳嘉琼勤珍贞莉桂娣叶璐娅琦晶妍茜秋珊莎锦黛青倩婷'];

export type Sex = 'M' | 'F';

export function chineseName(random: Random, sex: Sex): string {
  const given = sex === 'M' ? MALE_GIVEN : FEMALE_GIVEN;
  const surname = random.pick(SURNAMES);
  return random.chance(0.7) ? surname + random.pick(given) + random.pick(given) : surname + random.pick(given);
}

/** Administrative divisions (GB/T 2260): the code that opens an ID number and the address it names. */
export interface Region {
  code: string;
  province: string;
  /** empty for a municipality (直辖市), whose province is its city */
  city: string;
  district: string;
  streets: readonly string[];
}

/** Most patients live near the hospital (Hangzhou); some come from the province and beyond. */
const REGIONS: readonly (Region & { weight: number })[] = [
  { code: '330102', province: '浙江省', city: '杭州市', district: '上城区', streets: ['解放路', '庆春路', '望江路', '秋涛路'], weight: 14 },
  { code: '330105', province: '浙江省', city: '杭州市', district: '拱墅区', streets: ['莫干山路', '湖墅南路', '大关路', '上塘路'], weight: 14 },
  { code: '330106', province: '浙江省', city: '杭州市', district: '西湖区', streets: ['文三路', '天目山路', '学院路', '文二路'], weight: 16 },
  { code: '330108', province: '浙江省', city: '杭州市', district: '滨江区', streets: ['江南大道', '滨盛路', '长河路'], weight: 8 },
  { code: '330109', province: '浙江省', city: '杭州市', district: '萧山区', streets: ['市心路', '金城路', '人民路'], weight: 9 },
  { code: '330110', province: '浙江省', city: '杭州市', district: '余杭区', streets: ['文一西路', '临平大道', '南苑街'], weight: 9 },
  { code: '330203', province: '浙江省', city: '宁波市', district: '海曙区', streets: ['中山西路', '药行街', '解放南路'], weight: 3 },
  { code: '330302', province: '浙江省', city: '温州市', district: '鹿城区', streets: ['人民路', '府前街', '车站大道'], weight: 3 },
  { code: '330402', province: '浙江省', city: '嘉兴市', district: '南湖区', streets: ['中山东路', '禾兴路'], weight: 4 },
  { code: '330502', province: '浙江省', city: '湖州市', district: '吴兴区', streets: ['红旗路', '人民路'], weight: 4 },
  { code: '330602', province: '浙江省', city: '绍兴市', district: '越城区', streets: ['解放北路', '胜利路'], weight: 4 },
  { code: '330702', province: '浙江省', city: '金华市', district: '婺城区', streets: ['八一北街', '人民西路'], weight: 3 },
  { code: '341102', province: '安徽省', city: '滁州市', district: '琅琊区', streets: ['琅琊路', '龙蟠大道'], weight: 2 },
  { code: '340102', province: '安徽省', city: '合肥市', district: '瑶海区', streets: ['长江东路', '胜利路'], weight: 2 },
  { code: '360102', province: '江西省', city: '南昌市', district: '东湖区', streets: ['八一大道', '象山北路'], weight: 2 },
  { code: '320102', province: '江苏省', city: '南京市', district: '玄武区', streets: ['中山路', '北京东路'], weight: 1 },
  { code: '310101', province: '上海市', city: '', district: '黄浦区', streets: ['南京东路', '淮海中路'], weight: 2 },
];

export const DEMO_REGIONS: readonly Region[] = REGIONS;

export function pickRegion(random: Random): Region {
  const total = REGIONS.reduce((sum, r) => sum + r.weight, 0);
  let target = random.float() * total;
  for (const region of REGIONS) {
    target -= region.weight;
    if (target < 0) return region;
  }
  return REGIONS[REGIONS.length - 1]!;
}

/** '浙江省杭州市西湖区文三路123号5幢2单元301室': province, city, district, street, number */
export function address(random: Random, region: Region): string {
  const building = random.chance(0.7) ? `${random.int(1, 30)}幢${random.int(1, 4)}单元${random.int(1, 18)}0${random.int(1, 4)}室` : '';
  return `${region.province}${region.city}${region.district}${random.pick(region.streets)}${random.int(1, 600)}号${building}`;
}

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/** The 18th character of a resident ID number (GB 11643-1999, ISO 7064 MOD 11-2). */
export function idCardCheckDigit(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new Error('an ID number check digit needs 17 digits');
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * ID_WEIGHTS[i]!;
  return ID_CHECK[sum % 11]!;
}

/** An 18-digit ID number for a person born on `birthMs` in `region`: odd sequence digit for men. */
export function idCardNumber(random: Random, region: Region, birthMs: number, sex: Sex): string {
  const birth = formatDate(birthMs).replaceAll('-', '');
  const sequence = random.int(0, 99) * 10 + (sex === 'M' ? random.pick([1, 3, 5, 7, 9]) : random.pick([0, 2, 4, 6, 8]));
  const first17 = `${region.code}${birth}${String(sequence).padStart(3, '0')}`;
  return first17 + idCardCheckDigit(first17);
}

const MOBILE_PREFIXES = ['130', '131', '132', '133', '135', '136', '137', '138', '139', '150', '151', '152', '155', '157', '158', '159', '177', '180', '181', '186', '187', '188', '189', '199'];

export function mobileNumber(random: Random): string {
  return random.pick(MOBILE_PREFIXES) + String(random.int(0, 99_999_999)).padStart(8, '0');
}

/** An age drawn from a hospital's patient mix: children, working age, older adults. */
export function patientAge(random: Random): number {
  const band = random.float();
  if (band < 0.12) return random.int(0, 13);
  if (band < 0.45) return random.int(14, 44);
  if (band < 0.77) return random.int(45, 64);
  return Math.min(99, 65 + Math.floor(Math.abs(random.normal(0, 11))));
}

/** A birth instant for someone of `age` full years at `atMs`. */
export function birthFor(random: Random, age: number, atMs: number): number {
  const date = new Date(atMs);
  const birthday = Date.UTC(date.getUTCFullYear() - age - 1, date.getUTCMonth(), date.getUTCDate());
  return birthday + random.int(1, 364) * DAY;
}
