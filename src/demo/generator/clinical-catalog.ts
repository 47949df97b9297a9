/**
 * What the demo hospital treats and tests: DRG groups (CHS-DRG style codes) with the diagnoses
 * and operations that lead to them, outpatient diagnoses, lab panels and imaging protocols.
 * Codes follow ICD-10 (国家临床版) and ICD-9-CM-3 in form; weights average about 1.
 */

export interface ProcedureDef {
  code: string;
  name: string;
  /** 手术级别 1–4 */
  level: 1 | 2 | 3 | 4;
  /** share performed minimally invasively (腔镜/介入) */
  minimallyInvasive: number;
}

export interface DrgGroupDef {
  code: string;
  name: string;
  weight: number;
  lowRisk: boolean;
  /** hospital reference length of stay in days */
  averageStay: number;
  /** canonical department code that treats it */
  department: string;
  /** relative frequency within the department */
  frequency: number;
  diagnosis: readonly [code: string, name: string];
  procedure?: ProcedureDef;
  /** in-hospital mortality */
  mortality: number;
}

export const DRG_GROUPS: readonly DrgGroupDef[] = [
  { code: 'FM19', name: '经皮冠状动脉支架植入', weight: 2.05, lowRisk: false, averageStay: 6, department: 'CARD', frequency: 3, diagnosis: ['I20.000', '不稳定型心绞痛'], procedure: { code: '36.0700x001', name: '经皮冠状动脉药物洗脱支架置入术', level: 4, minimallyInvasive: 1 }, mortality: 0.004 },
  { code: 'FR25', name: '心力衰竭、休克，伴一般并发症或合并症', weight: 0.98, lowRisk: false, averageStay: 9, department: 'CARD', frequency: 3, diagnosis: ['I50.900', '心力衰竭'], mortality: 0.02 },
  { code: 'FT25', name: '心律失常及传导障碍，伴一般并发症或合并症', weight: 0.72, lowRisk: false, averageStay: 7, department: 'CARD', frequency: 2, diagnosis: ['I48.x00', '心房颤动'], mortality: 0.004 },
  { code: 'FV23', name: '高血压，伴一般并发症或合并症', weight: 0.56, lowRisk: true, averageStay: 7, department: 'CARD', frequency: 2, diagnosis: ['I10.x00', '原发性高血压'], mortality: 0.0005 },
  { code: 'ES25', name: '呼吸系统感染/炎症，伴一般并发症或合并症', weight: 0.86, lowRisk: false, averageStay: 9, department: 'RESP', frequency: 4, diagnosis: ['J18.900', '肺炎'], mortality: 0.01 },
  { code: 'ET25', name: '慢性气道阻塞病，伴一般并发症或合并症', weight: 0.92, lowRisk: false, averageStay: 10, department: 'RESP', frequency: 3, diagnosis: ['J44.100', '慢性阻塞性肺病伴有急性加重'], mortality: 0.01 },
  { code: 'ER15', name: '呼吸系统肿瘤，伴严重并发症或合并症', weight: 1.28, lowRisk: false, averageStay: 11, department: 'RESP', frequency: 1, diagnosis: ['C34.900', '肺恶性肿瘤'], mortality: 0.03 },
  { code: 'EX15', name: '哮喘及喘息性支气管炎', weight: 0.62, lowRisk: true, averageStay: 7, department: 'RESP', frequency: 1, diagnosis: ['J45.900', '支气管哮喘'], mortality: 0.0005 },
  { code: 'GS15', name: '消化道出血，伴严重并发症或合并症', weight: 1.02, lowRisk: false, averageStay: 8, department: 'GAST', frequency: 2, diagnosis: ['K92.200', '消化道出血'], mortality: 0.01 },
  { code: 'GK29', name: '结肠镜治疗操作', weight: 0.78, lowRisk: true, averageStay: 4, department: 'GAST', frequency: 3, diagnosis: ['K63.500', '结肠息肉'], procedure: { code: '45.4200x003', name: '内镜下结肠息肉切除术', level: 3, minimallyInvasive: 1 }, mortality: 0.0005 },
  { code: 'GU25', name: '胃炎、食管炎及消化性溃疡', weight: 0.58, lowRisk: true, averageStay: 6, department: 'GAST', frequency: 2, diagnosis: ['K25.900', '胃溃疡'], mortality: 0.0005 },
  { code: 'HS25', name: '肝硬化，伴一般并发症或合并症', weight: 1.12, lowRisk: false, averageStay: 10, department: 'GAST', frequency: 1, diagnosis: ['K74.600', '肝硬化'], mortality: 0.02 },
  { code: 'BR25', name: '脑缺血性疾患，伴一般并发症或合并症', weight: 1.06, lowRisk: false, averageStay: 10, department: 'NEUR', frequency: 4, diagnosis: ['I63.900', '脑梗死'], mortality: 0.015 },
  { code: 'BX25', name: '头痛、眩晕', weight: 0.46, lowRisk: true, averageStay: 6, department: 'NEUR', frequency: 2, diagnosis: ['R42.x00', '眩晕'], mortality: 0.0003 },
  { code: 'BY25', name: '癫痫病', weight: 0.74, lowRisk: false, averageStay: 7, department: 'NEUR', frequency: 1, diagnosis: ['G40.900', '癫痫'], mortality: 0.003 },
  { code: 'KS15', name: '糖尿病，伴严重并发症或合并症', weight: 0.68, lowRisk: false, averageStay: 8, department: 'ENDO', frequency: 3, diagnosis: ['E11.900', '2型糖尿病'], mortality: 0.002 },
  { code: 'KT15', name: '甲状腺功能异常', weight: 0.6, lowRisk: true, averageStay: 6, department: 'ENDO', frequency: 1, diagnosis: ['E05.900', '甲状腺功能亢进症'], mortality: 0.0003 },
  { code: 'LR15', name: '肾功能衰竭，伴严重并发症或合并症', weight: 1.18, lowRisk: false, averageStay: 11, department: 'NEPH', frequency: 2, diagnosis: ['N18.500', '慢性肾脏病5期'], mortality: 0.02 },
  { code: 'LU15', name: '肾炎及肾病', weight: 0.82, lowRisk: false, averageStay: 8, department: 'NEPH', frequency: 1, diagnosis: ['N05.900', '肾炎'], mortality: 0.003 },
  { code: 'RS15', name: '贫血', weight: 0.78, lowRisk: false, averageStay: 7, department: 'HEMA', frequency: 1, diagnosis: ['D64.900', '贫血'], mortality: 0.005 },
  { code: 'RA15', name: '急性白血病化学治疗', weight: 2.2, lowRisk: false, averageStay: 16, department: 'HEMA', frequency: 1, diagnosis: ['C92.000', '急性髓系白血病'], mortality: 0.04 },
  { code: 'RE15', name: '恶性肿瘤化学治疗', weight: 0.76, lowRisk: false, averageStay: 5, department: 'ONCO', frequency: 3, diagnosis: ['Z51.100', '恶性肿瘤化学治疗疗程'], mortality: 0.005 },
  { code: 'RU15', name: '恶性肿瘤支持治疗', weight: 0.92, lowRisk: false, averageStay: 9, department: 'ONCO', frequency: 1, diagnosis: ['C16.900', '胃恶性肿瘤'], mortality: 0.04 },
  { code: 'GB25', name: '胃、结直肠大手术，伴一般并发症或合并症', weight: 2.75, lowRisk: false, averageStay: 14, department: 'GSUR', frequency: 2, diagnosis: ['C18.900', '结肠恶性肿瘤'], procedure: { code: '45.7300x001', name: '右半结肠切除术', level: 4, minimallyInvasive: 0.55 }, mortality: 0.01 },
  { code: 'HC25', name: '胆囊切除手术', weight: 1.22, lowRisk: true, averageStay: 5, department: 'GSUR', frequency: 4, diagnosis: ['K80.100', '胆囊结石伴胆囊炎'], procedure: { code: '51.2300', name: '腹腔镜下胆囊切除术', level: 3, minimallyInvasive: 0.95 }, mortality: 0.0005 },
  { code: 'GE15', name: '腹股沟及腹疝手术', weight: 0.88, lowRisk: true, averageStay: 4, department: 'GSUR', frequency: 2, diagnosis: ['K40.900', '腹股沟疝'], procedure: { code: '53.0200', name: '腹股沟斜疝修补术', level: 2, minimallyInvasive: 0.35 }, mortality: 0.0003 },
  { code: 'GD25', name: '阑尾切除术', weight: 0.92, lowRisk: true, averageStay: 5, department: 'GSUR', frequency: 2, diagnosis: ['K35.800', '急性阑尾炎'], procedure: { code: '47.0100', name: '腹腔镜下阑尾切除术', level: 2, minimallyInvasive: 0.75 }, mortality: 0.0003 },
  { code: 'IC29', name: '髋、肩、膝、肘和踝关节置换术', weight: 3.35, lowRisk: false, averageStay: 12, department: 'ORTH', frequency: 2, diagnosis: ['M17.900', '膝关节病'], procedure: { code: '81.5400', name: '全膝关节置换术', level: 4, minimallyInvasive: 0 }, mortality: 0.002 },
  { code: 'IF15', name: '下肢骨折内固定术', weight: 1.86, lowRisk: false, averageStay: 11, department: 'ORTH', frequency: 3, diagnosis: ['S72.000', '股骨颈骨折'], procedure: { code: '79.3500x010', name: '股骨骨折切开复位内固定术', level: 3, minimallyInvasive: 0.1 }, mortality: 0.004 },
  { code: 'IB19', name: '脊柱融合手术', weight: 3.1, lowRisk: false, averageStay: 13, department: 'ORTH', frequency: 1, diagnosis: ['M48.000', '椎管狭窄'], procedure: { code: '81.0800', name: '腰椎融合术', level: 4, minimallyInvasive: 0.3 }, mortality: 0.002 },
  { code: 'IU25', name: '骨病及其他关节病', weight: 0.52, lowRisk: true, averageStay: 8, department: 'ORTH', frequency: 2, diagnosis: ['M54.500', '腰痛'], mortality: 0.0003 },
  { code: 'BB25', name: '脑创伤开颅术', weight: 4.4, lowRisk: false, averageStay: 18, department: 'NSUR', frequency: 2, diagnosis: ['I61.900', '脑出血'], procedure: { code: '01.3900x004', name: '开颅颅内血肿清除术', level: 4, minimallyInvasive: 0.1 }, mortality: 0.06 },
  { code: 'BZ15', name: '颅脑损伤', weight: 1.28, lowRisk: false, averageStay: 10, department: 'NSUR', frequency: 2, diagnosis: ['S06.000', '脑震荡'], mortality: 0.01 },
  { code: 'FB15', name: '心脏瓣膜手术', weight: 5.2, lowRisk: false, averageStay: 16, department: 'CTSU', frequency: 1, diagnosis: ['I35.000', '主动脉瓣狭窄'], procedure: { code: '35.2200', name: '主动脉瓣置换术', level: 4, minimallyInvasive: 0.2 }, mortality: 0.03 },
  { code: 'EB15', name: '胸部大手术', weight: 3.05, lowRisk: false, averageStay: 12, department: 'CTSU', frequency: 2, diagnosis: ['C34.100', '肺上叶恶性肿瘤'], procedure: { code: '32.4100x001', name: '胸腔镜下肺叶切除术', level: 4, minimallyInvasive: 0.8 }, mortality: 0.01 },
  { code: 'LB15', name: '泌尿系结石手术', weight: 1.16, lowRisk: true, averageStay: 5, department: 'UROL', frequency: 3, diagnosis: ['N20.100', '输尿管结石'], procedure: { code: '56.0x00x008', name: '输尿管镜碎石取石术', level: 3, minimallyInvasive: 1 }, mortality: 0.0003 },
  { code: 'MA15', name: '前列腺手术', weight: 1.34, lowRisk: false, averageStay: 7, department: 'UROL', frequency: 2, diagnosis: ['N40.x00', '前列腺增生'], procedure: { code: '60.2900x001', name: '经尿道前列腺电切术', level: 3, minimallyInvasive: 1 }, mortality: 0.001 },
  { code: 'OB25', name: '剖宫产', weight: 1.04, lowRisk: true, averageStay: 5, department: 'OBGY', frequency: 3, diagnosis: ['O82.000', '选择性剖宫产术的单胎分娩'], procedure: { code: '74.1x00', name: '子宫下段剖宫产术', level: 2, minimallyInvasive: 0 }, mortality: 0.0001 },
  { code: 'OC25', name: '阴道分娩', weight: 0.5, lowRisk: true, averageStay: 3, department: 'OBGY', frequency: 3, diagnosis: ['O80.000', '自然分娩'], procedure: { code: '73.5900', name: '人工辅助顺产', level: 1, minimallyInvasive: 0 }, mortality: 0.0001 },
  { code: 'NA15', name: '子宫、附件手术', weight: 1.42, lowRisk: false, averageStay: 6, department: 'OBGY', frequency: 2, diagnosis: ['D25.900', '子宫平滑肌瘤'], procedure: { code: '68.4100', name: '腹腔镜下全子宫切除术', level: 3, minimallyInvasive: 0.8 }, mortality: 0.0005 },
  { code: 'ES35', name: '儿童呼吸系统感染/炎症', weight: 0.52, lowRisk: true, averageStay: 6, department: 'PEDI', frequency: 3, diagnosis: ['J18.000', '支气管肺炎'], mortality: 0.0003 },
  { code: 'GZ15', name: '儿童胃肠炎', weight: 0.4, lowRisk: true, averageStay: 4, department: 'PEDI', frequency: 2, diagnosis: ['A09.000', '感染性腹泻'], mortality: 0.0002 },
  { code: 'CB39', name: '晶体手术', weight: 0.74, lowRisk: true, averageStay: 2, department: 'OPHT', frequency: 1, diagnosis: ['H25.900', '老年性白内障'], procedure: { code: '13.4100', name: '白内障超声乳化抽吸术伴人工晶体置入', level: 3, minimallyInvasive: 1 }, mortality: 0.0001 },
  { code: 'DD15', name: '鼻腔、鼻窦手术', weight: 0.96, lowRisk: true, averageStay: 5, department: 'ENT', frequency: 1, diagnosis: ['J32.900', '慢性鼻窦炎'], procedure: { code: '22.6300x002', name: '鼻内镜下筛窦开放术', level: 3, minimallyInvasive: 1 }, mortality: 0.0001 },
  { code: 'DC15', name: '扁桃体和/或腺样体切除术', weight: 0.6, lowRisk: true, averageStay: 3, department: 'ENT', frequency: 1, diagnosis: ['J35.000', '慢性扁桃体炎'], procedure: { code: '28.2x00', name: '扁桃体切除术', level: 2, minimallyInvasive: 0 }, mortality: 0.0001 },
  { code: 'VS15', name: '药物及化学物质中毒', weight: 0.62, lowRisk: false, averageStay: 4, department: 'EMER', frequency: 1, diagnosis: ['T42.400', '苯二氮䓬类中毒'], mortality: 0.01 },
  { code: 'AH19', name: '有创呼吸机支持≥96小时', weight: 6.4, lowRisk: false, averageStay: 14, department: 'ICU', frequency: 1, diagnosis: ['J96.000', '急性呼吸衰竭'], mortality: 0.15 },
];

/** the insurer's base rate per unit of weight, in yuan (DRG 费率) */
export const DRG_BASE_RATE = 11_000;

export const COMORBIDITIES: readonly (readonly [string, string])[] = [
  ['I10.x00', '原发性高血压'],
  ['E11.900', '2型糖尿病'],
  ['E78.500', '高脂血症'],
  ['I25.100', '动脉粥样硬化性心脏病'],
  ['N18.300', '慢性肾脏病3期'],
  ['J44.900', '慢性阻塞性肺病'],
  ['K21.000', '胃食管反流病伴有食管炎'],
  ['E87.600', '低钾血症'],
];

/** the diagnoses outpatient clinics record most, by canonical department */
export const OUTPATIENT_DIAGNOSES: Record<string, readonly (readonly [string, string])[]> = {
  CARD: [['I10.x00', '原发性高血压'], ['I25.100', '动脉粥样硬化性心脏病'], ['I48.x00', '心房颤动']],
  RESP: [['J06.900', '急性上呼吸道感染'], ['J20.900', '急性支气管炎'], ['J45.900', '支气管哮喘']],
  GAST: [['K29.700', '胃炎'], ['K21.000', '胃食管反流病伴有食管炎'], ['K58.900', '肠易激综合征']],
  NEUR: [['R51.x00', '头痛'], ['R42.x00', '眩晕'], ['G47.000', '失眠']],
  ENDO: [['E11.900', '2型糖尿病'], ['E05.900', '甲状腺功能亢进症'], ['E78.500', '高脂血症']],
  NEPH: [['N18.300', '慢性肾脏病3期'], ['N39.000', '泌尿道感染']],
  HEMA: [['D64.900', '贫血'], ['D69.600', '血小板减少']],
  ONCO: [['Z08.000', '恶性肿瘤术后随诊检查'], ['C50.900', '乳房恶性肿瘤']],
  GSUR: [['K40.900', '腹股沟疝'], ['K80.200', '胆囊结石'], ['L02.900', '皮肤脓肿']],
  ORTH: [['M54.500', '腰痛'], ['M17.900', '膝关节病'], ['S93.400', '踝扭伤']],
  NSUR: [['S06.000', '脑震荡'], ['R51.x00', '头痛']],
  CTSU: [['R91.x00', '肺结节'], ['I35.000', '主动脉瓣狭窄']],
  UROL: [['N40.x00', '前列腺增生'], ['N20.000', '肾结石']],
  OBGY: [['Z34.900', '正常妊娠监督'], ['N76.000', '急性阴道炎'], ['D25.900', '子宫平滑肌瘤']],
  PEDI: [['J06.900', '急性上呼吸道感染'], ['A09.000', '感染性腹泻'], ['J20.900', '急性支气管炎']],
  OPHT: [['H52.100', '近视'], ['H25.900', '老年性白内障'], ['H10.900', '结膜炎']],
  ENT: [['J31.000', '慢性鼻炎'], ['J02.900', '急性咽炎'], ['H66.900', '中耳炎']],
  EMER: [['R10.400', '腹痛'], ['S01.800', '头皮开放性伤口'], ['R50.900', '发热'], ['T14.000', '浅表损伤']],
};

export interface AnalyteDef {
  code: string;
  name: string;
  unit: string | null;
  /** reference interval; qualitative analytes have none */
  low: number;
  high: number;
  decimals: number;
  /** critical (危急值) limits, where the laboratory defines them */
  criticalLow?: number;
  criticalHigh?: number;
  /** a qualitative result ('阴性' normal, '阳性'/'+' abnormal) */
  qualitative?: boolean;
}

export interface LabPanelDef {
  code: string;
  name: string;
  specimen: string;
  /** price in yuan (化验费) */
  price: number;
  analytes: readonly AnalyteDef[];
}

export const LAB_PANELS: Record<string, LabPanelDef> = {
  CBC: {
    code: 'CBC', name: '血常规', specimen: '全血', price: 25,
    analytes: [
      { code: 'WBC', name: '白细胞计数', unit: '10^9/L', low: 3.5, high: 9.5, decimals: 2, criticalLow: 1.5, criticalHigh: 30 },
      { code: 'RBC', name: '红细胞计数', unit: '10^12/L', low: 3.8, high: 5.8, decimals: 2 },
      { code: 'HGB', name: '血红蛋白', unit: 'g/L', low: 115, high: 175, decimals: 0, criticalLow: 50, criticalHigh: 200 },
      { code: 'PLT', name: '血小板计数', unit: '10^9/L', low: 125, high: 350, decimals: 0, criticalLow: 30, criticalHigh: 1000 },
      { code: 'NEUT%', name: '中性粒细胞百分比', unit: '%', low: 40, high: 75, decimals: 1 },
    ],
  },
  CHEM: {
    code: 'CHEM', name: '生化全套', specimen: '血清', price: 120,
    analytes: [
      { code: 'K', name: '钾', unit: 'mmol/L', low: 3.5, high: 5.3, decimals: 2, criticalLow: 2.8, criticalHigh: 6.2 },
      { code: 'NA', name: '钠', unit: 'mmol/L', low: 137, high: 147, decimals: 1, criticalLow: 120, criticalHigh: 160 },
      { code: 'GLU', name: '葡萄糖', unit: 'mmol/L', low: 3.9, high: 6.1, decimals: 2, criticalLow: 2.5, criticalHigh: 25 },
      { code: 'CREA', name: '肌酐', unit: 'μmol/L', low: 57, high: 111, decimals: 0 },
      { code: 'UREA', name: '尿素', unit: 'mmol/L', low: 3.1, high: 8.0, decimals: 2 },
      { code: 'ALT', name: '丙氨酸氨基转移酶', unit: 'U/L', low: 9, high: 50, decimals: 0 },
      { code: 'AST', name: '天门冬氨酸氨基转移酶', unit: 'U/L', low: 15, high: 40, decimals: 0 },
      { code: 'ALB', name: '白蛋白', unit: 'g/L', low: 40, high: 55, decimals: 1 },
    ],
  },
  COAG: {
    code: 'COAG', name: '凝血功能', specimen: '枸橼酸钠抗凝血', price: 60,
    analytes: [
      { code: 'PT', name: '凝血酶原时间', unit: 's', low: 9.4, high: 12.5, decimals: 1 },
      { code: 'INR', name: '国际标准化比值', unit: null, low: 0.8, high: 1.2, decimals: 2, criticalHigh: 4 },
      { code: 'APTT', name: '活化部分凝血活酶时间', unit: 's', low: 25, high: 31.3, decimals: 1, criticalHigh: 100 },
      { code: 'FIB', name: '纤维蛋白原', unit: 'g/L', low: 2, high: 4, decimals: 2, criticalLow: 1 },
    ],
  },
  CARDIAC: {
    code: 'CARDIAC', name: '心肌标志物', specimen: '血清', price: 150,
    analytes: [
      { code: 'cTnI', name: '肌钙蛋白I', unit: 'μg/L', low: 0, high: 0.04, decimals: 3, criticalHigh: 1 },
      { code: 'CK-MB', name: '肌酸激酶同工酶', unit: 'ng/mL', low: 0, high: 5, decimals: 1 },
      { code: 'NT-proBNP', name: 'N末端B型利钠肽原', unit: 'pg/mL', low: 0, high: 125, decimals: 0 },
    ],
  },
  ABG: {
    code: 'ABG', name: '血气分析', specimen: '动脉血', price: 90,
    analytes: [
      { code: 'PH', name: '酸碱度', unit: null, low: 7.35, high: 7.45, decimals: 2, criticalLow: 7.2, criticalHigh: 7.6 },
      { code: 'PCO2', name: '二氧化碳分压', unit: 'mmHg', low: 35, high: 45, decimals: 0, criticalLow: 20, criticalHigh: 70 },
      { code: 'PO2', name: '氧分压', unit: 'mmHg', low: 80, high: 100, decimals: 0, criticalLow: 40 },
      { code: 'LAC', name: '乳酸', unit: 'mmol/L', low: 0.5, high: 2.2, decimals: 1, criticalHigh: 4 },
    ],
  },
  CRP: {
    code: 'CRP', name: 'C反应蛋白', specimen: '全血', price: 30,
    analytes: [{ code: 'CRP', name: 'C反应蛋白', unit: 'mg/L', low: 0, high: 10, decimals: 1 }],
  },
  HBA1C: {
    code: 'HBA1C', name: '糖化血红蛋白', specimen: '全血', price: 70,
    analytes: [{ code: 'HbA1c', name: '糖化血红蛋白', unit: '%', low: 4, high: 6, decimals: 1 }],
  },
  UA: {
    code: 'UA', name: '尿常规', specimen: '尿液', price: 15,
    analytes: [
      { code: 'PRO', name: '尿蛋白', unit: null, low: 0, high: 0, decimals: 0, qualitative: true },
      { code: 'UGLU', name: '尿葡萄糖', unit: null, low: 0, high: 0, decimals: 0, qualitative: true },
      { code: 'UWBC', name: '尿白细胞', unit: '/μL', low: 0, high: 17, decimals: 0 },
    ],
  },
};

/** panels each department orders beyond the routine blood count and chemistry */
export const DEPARTMENT_PANELS: Record<string, readonly string[]> = {
  CARD: ['CARDIAC', 'COAG'],
  RESP: ['ABG', 'CRP'],
  GAST: ['COAG', 'CRP'],
  NEUR: ['COAG'],
  ENDO: ['HBA1C', 'UA'],
  NEPH: ['UA'],
  HEMA: ['COAG'],
  ONCO: ['CRP'],
  GSUR: ['COAG', 'CRP'],
  ORTH: ['COAG'],
  NSUR: ['COAG'],
  CTSU: ['COAG', 'ABG'],
  UROL: ['UA'],
  OBGY: ['COAG', 'UA'],
  PEDI: ['CRP'],
  OPHT: [],
  ENT: ['CRP'],
  EMER: ['CARDIAC', 'CRP'],
  ICU: ['ABG', 'COAG', 'CARDIAC'],
};

export type ModalityCode = 'CT' | 'MR' | 'DR' | 'US' | 'MG' | 'XA';

export interface ImagingProtocol {
  modality: ModalityCode;
  bodyPart: string;
  /** 检查所见 / 诊断意见 templates for a positive and a negative study */
  positive: string;
  negative: string;
  price: number;
}

const protocol = (modality: ModalityCode, bodyPart: string, price: number, positive: string, negative: string): ImagingProtocol => ({ modality, bodyPart, positive, negative, price });

export const IMAGING_PROTOCOLS = {
  ctChest: protocol('CT', 'CHEST', 320, '右肺下叶见斑片状高密度影，边界模糊。诊断意见：右肺下叶炎症，建议治疗后复查。', '双肺纹理清晰，未见明确实质性病变。诊断意见：胸部CT平扫未见明显异常。'),
  ctHead: protocol('CT', 'HEAD', 280, '左侧基底节区见类圆形低密度影。诊断意见：左侧基底节区腔隙性脑梗死。', '脑实质密度未见异常，脑室系统无扩大。诊断意见：颅脑CT平扫未见明显异常。'),
  ctAbdomen: protocol('CT', 'ABDOMEN', 450, '胆囊壁增厚，腔内见多发高密度结石影。诊断意见：胆囊结石伴胆囊炎。', '肝胆胰脾形态大小未见异常。诊断意见：上腹部CT平扫未见明显异常。'),
  ctaHeart: protocol('CT', 'HEART', 900, '前降支近段见混合斑块，管腔中度狭窄。诊断意见：冠状动脉粥样硬化，前降支中度狭窄。', '冠状动脉走行正常，管腔未见狭窄。诊断意见：冠状动脉CTA未见明显异常。'),
  mrBrain: protocol('MR', 'HEAD', 650, '右侧额叶见片状长T1长T2信号，DWI呈高信号。诊断意见：右侧额叶急性脑梗死。', '脑实质信号未见异常。诊断意见：颅脑MR平扫未见明显异常。'),
  mrSpine: protocol('MR', 'LSPINE', 650, 'L4/5椎间盘向后突出，压迫硬膜囊。诊断意见：L4/5椎间盘突出。', '腰椎序列整齐，椎间盘未见突出。诊断意见：腰椎MR平扫未见明显异常。'),
  mrKnee: protocol('MR', 'KNEE', 650, '内侧半月板后角见线样高信号达关节面。诊断意见：内侧半月板后角撕裂。', '膝关节诸骨信号正常，半月板及韧带未见异常。诊断意见：膝关节MR未见明显异常。'),
  drChest: protocol('DR', 'CHEST', 80, '右下肺野见片状模糊影。诊断意见：右下肺炎症可能。', '双肺纹理清晰，心影大小正常。诊断意见：胸部正位片未见明显异常。'),
  drLimb: protocol('DR', 'HIP', 90, '右股骨颈骨皮质连续性中断。诊断意见：右股骨颈骨折。', '诸骨骨质未见异常，关节间隙正常。诊断意见：未见明显骨折征象。'),
  usHeart: protocol('US', 'HEART', 200, '左室壁节段性运动减弱，射血分数约45%。诊断意见：左室收缩功能减低。', '各房室腔大小正常，室壁运动协调。诊断意见：心脏超声未见明显异常。'),
  usAbdomen: protocol('US', 'ABDOMEN', 150, '胆囊内见强回声团伴声影。诊断意见：胆囊结石。', '肝胆胰脾肾未见明显异常。诊断意见：腹部超声未见明显异常。'),
  usPelvis: protocol('US', 'PELVIS', 150, '子宫前壁肌层见低回声结节，大小约25×20mm。诊断意见：子宫肌瘤。', '子宫及双附件未见明显异常。诊断意见：盆腔超声未见明显异常。'),
  usThyroid: protocol('US', 'NECK', 150, '甲状腺右叶见低回声结节，TI-RADS 3类。诊断意见：甲状腺右叶结节。', '甲状腺大小形态正常，回声均匀。诊断意见：甲状腺超声未见明显异常。'),
  mgBreast: protocol('MG', 'BREAST', 200, '左乳外上象限见簇状钙化。诊断意见：左乳钙化，BI-RADS 4A类。', '双乳腺体呈散在纤维腺体型。诊断意见：BI-RADS 1类。'),
  dsaCoronary: protocol('XA', 'HEART', 3200, '前降支近段狭窄约85%。诊断意见：冠心病，单支病变。', '冠状动脉未见明显狭窄。诊断意见：冠状动脉造影未见明显异常。'),
} as const satisfies Record<string, ImagingProtocol>;

/** protocols each department requests, most frequent first */
export const DEPARTMENT_IMAGING: Record<string, readonly ImagingProtocol[]> = {
  CARD: [IMAGING_PROTOCOLS.usHeart, IMAGING_PROTOCOLS.ctaHeart, IMAGING_PROTOCOLS.drChest, IMAGING_PROTOCOLS.dsaCoronary],
  RESP: [IMAGING_PROTOCOLS.ctChest, IMAGING_PROTOCOLS.drChest],
  GAST: [IMAGING_PROTOCOLS.usAbdomen, IMAGING_PROTOCOLS.ctAbdomen],
  NEUR: [IMAGING_PROTOCOLS.ctHead, IMAGING_PROTOCOLS.mrBrain],
  ENDO: [IMAGING_PROTOCOLS.usThyroid, IMAGING_PROTOCOLS.usAbdomen],
  NEPH: [IMAGING_PROTOCOLS.usAbdomen, IMAGING_PROTOCOLS.ctAbdomen],
  HEMA: [IMAGING_PROTOCOLS.ctChest, IMAGING_PROTOCOLS.usAbdomen],
  ONCO: [IMAGING_PROTOCOLS.ctChest, IMAGING_PROTOCOLS.ctAbdomen, IMAGING_PROTOCOLS.mgBreast],
  GSUR: [IMAGING_PROTOCOLS.ctAbdomen, IMAGING_PROTOCOLS.usAbdomen],
  ORTH: [IMAGING_PROTOCOLS.drLimb, IMAGING_PROTOCOLS.mrSpine, IMAGING_PROTOCOLS.mrKnee],
  NSUR: [IMAGING_PROTOCOLS.ctHead, IMAGING_PROTOCOLS.mrBrain],
  CTSU: [IMAGING_PROTOCOLS.ctChest, IMAGING_PROTOCOLS.usHeart],
  UROL: [IMAGING_PROTOCOLS.usAbdomen, IMAGING_PROTOCOLS.ctAbdomen],
  OBGY: [IMAGING_PROTOCOLS.usPelvis, IMAGING_PROTOCOLS.mgBreast],
  PEDI: [IMAGING_PROTOCOLS.drChest, IMAGING_PROTOCOLS.usAbdomen],
  OPHT: [],
  ENT: [IMAGING_PROTOCOLS.ctHead],
  EMER: [IMAGING_PROTOCOLS.ctHead, IMAGING_PROTOCOLS.drChest, IMAGING_PROTOCOLS.ctAbdomen],
  ICU: [IMAGING_PROTOCOLS.drChest, IMAGING_PROTOCOLS.ctChest, IMAGING_PROTOCOLS.ctHead],
};

export interface DeviceDef {
  aeTitle: string;
  name: string;
  modality: ModalityCode;
  /** canonical department that runs it */
  department: string;
  manufacturer: string;
  slotsPerHour: number;
  large: boolean;
}

/** The twelve modalities; the catalog of 大型医用设备 (CT, MR, DSA) follows the national list. */
export const DEVICES: readonly DeviceDef[] = [
  { aeTitle: 'CT01', name: '64排螺旋CT 1号机', modality: 'CT', department: 'RAD', manufacturer: 'GE Healthcare', slotsPerHour: 6, large: true },
  { aeTitle: 'CT02', name: '128排螺旋CT 2号机', modality: 'CT', department: 'RAD', manufacturer: 'Siemens Healthineers', slotsPerHour: 6, large: true },
  { aeTitle: 'CT03', name: '256排能谱CT 3号机', modality: 'CT', department: 'RAD', manufacturer: 'United Imaging', slotsPerHour: 6, large: true },
  { aeTitle: 'MR01', name: '1.5T磁共振 1号机', modality: 'MR', department: 'RAD', manufacturer: 'Philips', slotsPerHour: 2, large: true },
  { aeTitle: 'MR02', name: '3.0T磁共振 2号机', modality: 'MR', department: 'RAD', manufacturer: 'Siemens Healthineers', slotsPerHour: 2, large: true },
  { aeTitle: 'DR01', name: '数字X线摄影 1号机', modality: 'DR', department: 'RAD', manufacturer: 'Carestream', slotsPerHour: 12, large: false },
  { aeTitle: 'DR02', name: '数字X线摄影 2号机', modality: 'DR', department: 'RAD', manufacturer: 'Wandong', slotsPerHour: 12, large: false },
  { aeTitle: 'US01', name: '彩色多普勒超声 1号机', modality: 'US', department: 'ULTR', manufacturer: 'Mindray', slotsPerHour: 4, large: false },
  { aeTitle: 'US02', name: '彩色多普勒超声 2号机', modality: 'US', department: 'ULTR', manufacturer: 'Philips', slotsPerHour: 4, large: false },
  { aeTitle: 'US03', name: '心脏超声 3号机', modality: 'US', department: 'ULTR', manufacturer: 'GE Healthcare', slotsPerHour: 3, large: false },
  { aeTitle: 'MG01', name: '数字乳腺X线机', modality: 'MG', department: 'RAD', manufacturer: 'Hologic', slotsPerHour: 4, large: false },
  { aeTitle: 'DSA01', name: '血管造影机', modality: 'XA', department: 'RAD', manufacturer: 'Siemens Healthineers', slotsPerHour: 1, large: true },
];
