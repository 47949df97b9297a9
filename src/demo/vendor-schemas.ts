/**
 * The demo hospital's four source systems, each in its vendor's own style, as a real site would
 * find them: a Chinese HIS with pinyin-abbreviated upper-case names (GY_ = 公用, MZ_ = 门诊,
 * ZY_ = 住院, FY_ = 费用), a LIS with lower-case English snake_case, a PACS with DICOM-like
 * CamelCase names, and a finance system keyed by cost centers. The gateway reads them only
 * through the shipped mapping files (mappings/demo/*.yaml).
 *
 * Column types are engine-neutral; `ddl.ts` renders them per engine.
 */

export type SystemName = 'his' | 'lis' | 'pacs' | 'finance';

export type ColumnType =
  | { kind: 'varchar'; length: number } // ASCII codes and ids
  | { kind: 'nvarchar'; length: number } // text that may hold Chinese
  | { kind: 'text' } // long free text (reports)
  | { kind: 'int' }
  | { kind: 'decimal'; precision: number; scale: number }
  | { kind: 'date' }
  | { kind: 'datetime' };

export interface ColumnDef {
  name: string;
  type: ColumnType;
  nullable?: boolean;
}

export interface TableDef {
  name: string;
  comment: string;
  columns: ColumnDef[];
  primaryKey: string;
  indexes: string[][];
}

/**
 * A view written once for all engines: `q` quotes a column name in the target engine's style,
 * `table` names a table of the same system, schema-qualified.
 */
export interface ViewDef {
  name: string;
  comment: string;
  sql: (q: (identifier: string) => string, table: (name: string) => string) => string;
}

export interface VendorSchema {
  system: SystemName;
  /** default schema (PostgreSQL/PGlite/SQL Server) or database-name suffix (MariaDB) */
  defaultSchema: string;
  tables: TableDef[];
  views: ViewDef[];
}

const varchar = (length: number): ColumnType => ({ kind: 'varchar', length });
const nvarchar = (length: number): ColumnType => ({ kind: 'nvarchar', length });
const int: ColumnType = { kind: 'int' };
const money: ColumnType = { kind: 'decimal', precision: 14, scale: 2 };
const date: ColumnType = { kind: 'date' };
const datetime: ColumnType = { kind: 'datetime' };
const text: ColumnType = { kind: 'text' };

const col = (name: string, type: ColumnType, nullable = false): ColumnDef => ({ name, type, nullable });

export const HIS_SCHEMA: VendorSchema = {
  system: 'his',
  defaultSchema: 'his',
  tables: [
    {
      name: 'GY_KSDM',
      comment: '公用_科室代码 department dictionary; ZFBZ=1 marks voided rows',
      primaryKey: 'KSDM',
      columns: [
        col('KSDM', varchar(10)), // 科室代码
        col('KSMC', nvarchar(50)), // 科室名称
        col('KSLB', varchar(1)), // 科室类别 1 临床 2 医技 3 行政
        col('SYCWS', int), // 实有床位数
        col('ZFBZ', varchar(1)), // 作废标志 0/1
      ],
      indexes: [],
    },
    {
      name: 'GY_ZGXX',
      comment: '公用_职工信息 staff',
      primaryKey: 'ZGID',
      columns: [
        col('ZGID', varchar(10)), // 职工ID
        col('XM', nvarchar(30)), // 姓名
        col('KSDM', varchar(10)), // 科室代码
        col('ZGLB', varchar(1)), // 职工类别 1 医生 2 护士 3 医技 4 药剂 5 行政 9 其他
        col('ZC', nvarchar(20), true), // 职称
        col('ZFBZ', varchar(1)),
      ],
      indexes: [['KSDM']],
    },
    {
      name: 'GY_BRXX',
      comment: '公用_病人信息 patient master index',
      primaryKey: 'BRID',
      columns: [
        col('BRID', varchar(12)), // 病人ID
        col('XM', nvarchar(30)), // 姓名
        col('XB', varchar(1)), // 性别 GB/T 2261.1: 0 未知 1 男 2 女 9 未说明
        col('CSRQ', date), // 出生日期
        col('SFZH', varchar(18), true), // 身份证号
        col('LXDH', varchar(20), true), // 联系电话
        col('JTDZ', nvarchar(100), true), // 家庭地址
        col('YBLX', varchar(2)), // 医保类型 01 职工 02 居民 03 自费 04 商保 05 公费 99 其他
      ],
      indexes: [['SFZH']],
    },
    {
      name: 'MZ_GHJL',
      comment: '门诊_挂号记录 outpatient and emergency registrations',
      primaryKey: 'GHXH',
      columns: [
        col('GHXH', varchar(16)), // 挂号序号 'MZ' + digits
        col('BRID', varchar(12)),
        col('KSDM', varchar(10)),
        col('YSDM', varchar(10)), // 接诊医生
        col('GHSJ', datetime), // 挂号时间
        col('JZJSSJ', datetime, true), // 就诊结束时间
        col('JZLX', varchar(1)), // 就诊类型 1 普通门诊 2 急诊
        col('ZFBZ', varchar(1)),
      ],
      indexes: [['BRID'], ['KSDM', 'GHSJ'], ['GHSJ']],
    },
    {
      name: 'ZY_BRRY',
      comment: '住院_病人入院 inpatient stays',
      primaryKey: 'ZYH',
      columns: [
        col('ZYH', varchar(16)), // 住院号 'ZY' + digits
        col('BRID', varchar(12)),
        col('KSDM', varchar(10)), // 出院科室 (在院: 当前科室)
        col('ZZYS', varchar(10)), // 主治医生
        col('RYSJ', datetime), // 入院时间
        col('CYSJ', datetime, true), // 出院时间
        col('LYFS', varchar(1), true), // 离院方式 1 医嘱离院 2 医嘱转院 3 转社区 4 非医嘱离院 5 死亡 9 其他
        col('FJHZY', varchar(1)), // 31天内非计划再住院 0/1
        col('ZFBZ', varchar(1)),
      ],
      indexes: [['BRID'], ['KSDM', 'RYSJ'], ['RYSJ'], ['CYSJ']],
    },
    {
      name: 'ZD_JZZD',
      comment: '诊断_就诊诊断 diagnoses (ICD-10)',
      primaryKey: 'ZDID',
      columns: [
        col('ZDID', varchar(16)),
        col('JZH', varchar(16)), // 就诊号 (GHXH or ZYH)
        col('ZDLB', varchar(1)), // 诊断类别 1 主要诊断 2 其他诊断
        col('ZDXH', int), // 诊断序号
        col('ICD10', varchar(16)),
        col('ZDMC', nvarchar(100)), // 诊断名称
      ],
      indexes: [['JZH']],
    },
    {
      name: 'SS_SSJL',
      comment: '手术_手术记录 operations (ICD-9-CM-3)',
      primaryKey: 'SSID',
      columns: [
        col('SSID', varchar(16)),
        col('JZH', varchar(16)),
        col('SSDM', varchar(16)), // 手术操作编码
        col('SSMC', nvarchar(100)), // 手术操作名称
        col('SSJB', int), // 手术级别 1-4
        col('SSRQ', datetime), // 手术日期
        col('WCBZ', varchar(1)), // 微创标志 0/1
        col('BFZBZ', varchar(1)), // 并发症标志 0/1
        col('SSYS', varchar(10)), // 主刀医生
      ],
      indexes: [['JZH']],
    },
    {
      name: 'FY_FYMX',
      comment: '费用_费用明细 charges, one line per encounter and fee class',
      primaryKey: 'FYID',
      columns: [
        col('FYID', varchar(16)),
        col('JZH', varchar(16)),
        col('BRID', varchar(12)),
        col('KSDM', varchar(10)), // 开单科室
        col('FYLB', varchar(2)), // 收费类别: see mappings/demo/his.yaml
        col('XMMC', nvarchar(50)), // 项目名称
        col('JE', money), // 金额
        col('FYRQ', datetime), // 收费日期
      ],
      indexes: [['JZH'], ['KSDM', 'FYRQ'], ['FYRQ']],
    },
  ],
  views: [
    {
      name: 'V_JZJL',
      comment: '就诊记录视图: outpatient, emergency and inpatient encounters in one view (视图对接)',
      sql: (q, table) => `
SELECT ${q('GHXH')} AS ${q('JZH')}, ${q('BRID')}, CASE ${q('JZLX')} WHEN '2' THEN '2' ELSE '1' END AS ${q('JZLX')},
       ${q('KSDM')}, ${q('YSDM')}, ${q('GHSJ')} AS ${q('KSSJ')}, ${q('JZJSSJ')} AS ${q('JSSJ')},
       NULL AS ${q('LYFS')}, '0' AS ${q('FJHZY')}
  FROM ${table('MZ_GHJL')} WHERE ${q('ZFBZ')} = '0'
UNION ALL
SELECT ${q('ZYH')}, ${q('BRID')}, '3', ${q('KSDM')}, ${q('ZZYS')}, ${q('RYSJ')}, ${q('CYSJ')},
       ${q('LYFS')}, ${q('FJHZY')}
  FROM ${table('ZY_BRRY')} WHERE ${q('ZFBZ')} = '0'`,
    },
  ],
};

export const LIS_SCHEMA: VendorSchema = {
  system: 'lis',
  defaultSchema: 'lis',
  tables: [
    {
      name: 'lab_request',
      comment: 'LIS test requests (one per specimen)',
      primaryKey: 'req_id',
      columns: [
        col('req_id', varchar(16)),
        col('his_visit_no', varchar(16)), // HIS 就诊号
        col('his_patient_id', varchar(12)), // HIS 病人ID
        col('req_dept', varchar(8)), // LIS department code, e.g. K101
        col('panel_code', varchar(12)),
        col('panel_name', nvarchar(50)),
        col('specimen_type', nvarchar(20)),
        col('req_time', datetime),
        col('collect_time', datetime, true),
        col('receive_time', datetime, true),
        col('report_time', datetime, true),
        col('status', varchar(1)), // F final (reported), R received (in progress), C cancelled
      ],
      indexes: [['his_visit_no'], ['his_patient_id'], ['req_dept', 'req_time'], ['req_time']],
    },
    {
      name: 'lab_result',
      comment: 'LIS results, one per analyte',
      primaryKey: 'result_id',
      columns: [
        col('result_id', varchar(18)),
        col('req_id', varchar(16)),
        col('item_code', varchar(12)),
        col('item_name', nvarchar(50)),
        col('result_text', nvarchar(40)),
        col('unit', nvarchar(20), true),
        col('ref_range', nvarchar(40), true),
        col('abn_flag', varchar(1)), // N normal, H high, L low, A abnormal
        col('crit_flag', int), // 1 critical value
        col('crit_notify_time', datetime, true),
      ],
      indexes: [['req_id']],
    },
  ],
  views: [],
};

export const PACS_SCHEMA: VendorSchema = {
  system: 'pacs',
  defaultSchema: 'pacs',
  tables: [
    {
      name: 'Study',
      comment: 'RIS/PACS imaging studies (DICOM-style attribute names)',
      primaryKey: 'AccessionNumber',
      columns: [
        col('AccessionNumber', varchar(16)),
        col('StudyInstanceUID', varchar(64)),
        col('PatientID', varchar(12)), // the HIS patient id
        col('AdmissionID', varchar(16)), // the HIS visit number
        col('RequestingService', varchar(32)),
        col('Modality', varchar(4)), // CT MR DR US MG ...
        col('StationAETitle', varchar(16)),
        col('BodyPartExamined', varchar(16)),
        col('ScheduledDateTime', datetime),
        col('StudyDateTime', datetime, true),
        col('ReportDateTime', datetime, true),
        col('PositiveFinding', varchar(1), true), // Y/N
        col('ReportText', text, true),
      ],
      indexes: [['AdmissionID'], ['PatientID'], ['RequestingService', 'ScheduledDateTime'], ['StationAETitle', 'StudyDateTime']],
    },
    {
      name: 'Device',
      comment: 'modalities (imaging equipment) by AE title',
      primaryKey: 'AETitle',
      columns: [
        col('AETitle', varchar(16)),
        col('StationName', nvarchar(50)),
        col('Modality', varchar(4)),
        col('InstitutionalDepartmentName', varchar(32)),
        col('Manufacturer', varchar(40)),
        col('SlotsPerHour', int),
        col('LargeEquipment', varchar(1)), // Y/N 大型医用设备
      ],
      indexes: [],
    },
  ],
  views: [],
};

export const FINANCE_SCHEMA: VendorSchema = {
  system: 'finance',
  defaultSchema: 'finance',
  tables: [
    {
      name: 'fa_dept_cost',
      comment: '科室成本核算 monthly department cost by cost item',
      primaryKey: 'id',
      columns: [
        col('id', varchar(16)),
        col('cc_code', varchar(8)), // cost center
        col('cost_month', varchar(6)), // YYYYMM
        col('cost_item', varchar(4)), // 5001 人员经费 5002 卫生材料费 5003 药品费 5004 固定资产折旧 5005 无形资产摊销 5006 医疗风险基金 5009 其他
        col('amount', money),
      ],
      indexes: [['cc_code', 'cost_month']],
    },
    {
      name: 'ins_drg_group',
      comment: 'DRG group dictionary (CHS-DRG style codes) with weights and reference values',
      primaryKey: 'drg_code',
      columns: [
        col('drg_code', varchar(8)),
        col('drg_name', nvarchar(80)),
        col('drg_weight', { kind: 'decimal', precision: 8, scale: 4 }),
        col('low_risk', varchar(1)), // 1 低风险组
        col('ref_avg_cost', money),
        col('ref_avg_los', { kind: 'decimal', precision: 6, scale: 2 }),
      ],
      indexes: [],
    },
    {
      name: 'ins_drg_settle',
      comment: '医保结算 DRG settlement per inpatient stay',
      primaryKey: 'settle_no',
      columns: [
        col('settle_no', varchar(16)),
        col('visit_no', varchar(16)), // HIS 住院号
        col('patient_no', varchar(12)), // HIS 病人ID
        col('cc_code', varchar(8)),
        col('doctor_code', varchar(10)), // HIS 职工ID
        col('drg_code', varchar(8)),
        col('drg_name', nvarchar(80)),
        col('drg_weight', { kind: 'decimal', precision: 8, scale: 4 }),
        col('pay_standard', money), // base rate × weight
        col('total_cost', money),
        col('settle_amount', money), // amount paid by the insurer
        col('discharge_date', date),
        col('los', int), // 住院天数
        col('discharge_mode', varchar(1)), // 离院方式, same codes as the HIS
        col('settle_time', datetime),
      ],
      indexes: [['visit_no'], ['cc_code', 'discharge_date'], ['drg_code', 'discharge_date'], ['discharge_date']],
    },
  ],
  views: [],
};

export const VENDOR_SCHEMAS: Record<SystemName, VendorSchema> = {
  his: HIS_SCHEMA,
  lis: LIS_SCHEMA,
  pacs: PACS_SCHEMA,
  finance: FINANCE_SCHEMA,
};
