/**
 * Every label of both pages, in both languages. The type makes a label without its English (or
 * Chinese) form a compile error, so the language switch never shows a missing text.
 */
interface Label {
  zh: string;
  en: string;
}

export const DICTIONARY = {
  // shared: session and header
  'app.name': { zh: '医院数据网关', en: 'Hospital Data Gateway' },
  'language.switch': { zh: 'English', en: '中文' },
  'language.switchTitle': { zh: '切换为英文', en: 'Switch to Chinese' },
  'session.signOut': { zh: '退出登录', en: 'Sign out' },
  'session.signedInAs': { zh: '当前用户：{name}（{roles}）', en: 'Signed in as {name} ({roles})' },
  'signIn.title': { zh: '登录', en: 'Sign in' },
  'signIn.help': {
    zh: '粘贴身份令牌（JWT）。令牌只保存在本浏览器标签页的会话存储中，关闭标签页或退出登录即清除。',
    en: 'Paste your identity token (JWT). It is kept in this browser tab’s session storage only and is cleared when you close the tab or sign out.',
  },
  'signIn.token': { zh: '令牌', en: 'Token' },
  'signIn.submit': { zh: '登录', en: 'Sign in' },
  'signIn.checking': { zh: '正在验证令牌…', en: 'Checking the token…' },
  'signIn.empty': { zh: '请先粘贴令牌。', en: 'Paste a token first.' },
  'loading': { zh: '加载中…', en: 'Loading…' },
  'error.unauthenticated': { zh: '令牌无效或已过期，请重新粘贴有效的令牌。', en: 'The token is invalid or has expired; paste a valid token.' },
  'error.forbidden': { zh: '无权访问：{detail}', en: 'Not permitted: {detail}' },
  'error.rateLimited': { zh: '请求过于频繁，请稍后再试。', en: 'Too many requests; try again shortly.' },
  'error.unavailable': { zh: '部分数据暂时无法获取（{detail}）。', en: 'Some data is unavailable at the moment ({detail}).' },
  'error.generic': { zh: '请求失败：{detail}', en: 'The request failed: {detail}' },
  'error.network': { zh: '无法连接网关。', en: 'The gateway cannot be reached.' },
  'noValue': { zh: '—', en: '—' },

  // roles
  'role.clinician': { zh: '临床医生', en: 'clinician' },
  'role.dept_director': { zh: '科室主任', en: 'department director' },
  'role.ops_assistant': { zh: '运营助理', en: 'operations assistant' },
  'role.finance': { zh: '财务/医保办', en: 'finance' },
  'role.analyst': { zh: '数据分析', en: 'analyst' },
  'role.auditor': { zh: '审计', en: 'auditor' },
  'role.admin': { zh: '信息科', en: 'IT administrator' },

  // dashboard
  'dashboard.title': { zh: '运营分析看板', en: 'Operations dashboard' },
  'dashboard.refused.analyst': {
    zh: '此看板供科室主任、运营助理和财务/医保办使用。数据分析角色请在 GraphiQL（/graphiql）中查询去标识化数据。',
    en: 'This dashboard is for department directors, operations assistants and finance. Analysts explore de-identified data in GraphiQL (/graphiql).',
  },
  'dashboard.refused.auditor': { zh: '此看板不面向审计角色，请使用审计复核页面（/audit/）。', en: 'This dashboard is not for auditors; use the audit review page (/audit/).' },
  'dashboard.refused.other': {
    zh: '此看板供科室主任、运营助理和财务/医保办使用；当前令牌的角色（{roles}）无权查看运营指标。',
    en: 'This dashboard is for department directors, operations assistants and finance; the token’s roles ({roles}) may not read operations indicators.',
  },
  'dashboard.department': { zh: '科室', en: 'Department' },
  'dashboard.hospital': { zh: '全院', en: 'Whole hospital' },
  'dashboard.month': { zh: '月份', en: 'Month' },
  'dashboard.scorecard': { zh: '平衡计分卡', en: 'Balanced scorecard' },
  'dashboard.scorecardOf': { zh: '{department} · {period}', en: '{department} · {period}' },
  'dashboard.counts': { zh: '达标 {on} · 关注 {watch} · 未达标 {off}', en: '{on} on target · {watch} watch · {off} off target' },
  'dashboard.indicator': { zh: '指标', en: 'Indicator' },
  'dashboard.value': { zh: '本期', en: 'This period' },
  'dashboard.target': { zh: '目标', en: 'Target' },
  'dashboard.lastYear': { zh: '去年同期', en: 'Last year' },
  'dashboard.status': { zh: '状态', en: 'Status' },
  'dashboard.suppressed': { zh: '样本过少，已抑制', en: 'withheld: too few cases' },
  'dashboard.trends': { zh: '指标走势（近 12 个月）', en: 'Trends (last 12 months)' },
  'dashboard.thisYear': { zh: '本年', en: 'This year' },
  'dashboard.lastYearLine': { zh: '去年同期', en: 'Last year' },
  'dashboard.trendEmpty': { zh: '该期间无数据', en: 'No data for this period' },
  'dashboard.benchmark': { zh: '科室对标排名', en: 'Department benchmark' },
  'dashboard.benchmarkKpi': { zh: '对标指标', en: 'Indicator' },
  'dashboard.rank': { zh: '名次', en: 'Rank' },
  'dashboard.median': { zh: '中位数 {value}', en: 'median {value}' },
  'dashboard.quartile': { zh: '第 {q} 四分位', en: 'quartile {q}' },
  'dashboard.benchmarkEmpty': { zh: '无可排名的科室', en: 'No departments to rank' },
  'dashboard.alerts': { zh: '预警', en: 'Alerts' },
  'dashboard.alertsEmpty': { zh: '本期无预警', en: 'No alerts for this period' },
  'dashboard.alertMessage': { zh: '网关原文', en: 'Gateway message' },
  'dashboard.alert.afternoon': {
    zh: '12:00 以后的检查占比 {value}，同类设备为 {others}（{period}）',
    en: 'share of studies from 12:00: {value}; other devices of its kind: {others} ({period})',
  },

  // status of an indicator against its target
  'status.ON_TARGET': { zh: '达标', en: 'On target' },
  'status.WATCH': { zh: '关注', en: 'Watch' },
  'status.OFF_TARGET': { zh: '未达标', en: 'Off target' },
  'status.NO_DATA': { zh: '无数据', en: 'No data' },
  'status.NO_TARGET': { zh: '无目标', en: 'No target' },

  // balanced-scorecard dimensions
  'dimension.FINANCIAL': { zh: '财务', en: 'Financial' },
  'dimension.PATIENT': { zh: '患者', en: 'Patient' },
  'dimension.INTERNAL_PROCESS': { zh: '内部流程', en: 'Internal process' },
  'dimension.LEARNING_GROWTH': { zh: '学习与成长', en: 'Learning and growth' },

  // alert rules
  'rule.THRESHOLD': { zh: '超出预警阈值', en: 'Beyond the alert threshold' },
  'rule.DRUG_SHARE_CLIMBING': { zh: '药占比连续上升', en: 'Drug share climbing' },
  'rule.DRG_OVER_PAYMENT_STANDARD': { zh: 'DRG 组费用连续超支付标准', en: 'DRG group over its payment standard' },
  'rule.EQUIPMENT_IDLE_AFTERNOONS': { zh: '大型设备下午闲置', en: 'Large device idle in the afternoons' },

  // units
  'unit.ratio': { zh: '', en: '' },
  'unit.yuan': { zh: '元', en: 'yuan' },
  'unit.days': { zh: '天', en: 'days' },
  'unit.minutes': { zh: '分钟', en: 'min' },
  'unit.index': { zh: '', en: '' },
  'unit.visits': { zh: '人次', en: 'visits' },
  'unit.stays': { zh: '人次', en: 'stays' },
  'unit.operations': { zh: '台次', en: 'operations' },
  'unit.bed-days': { zh: '床日', en: 'bed-days' },
  'unit.beds': { zh: '张', en: 'beds' },
  'unit.people': { zh: '人', en: 'people' },
  'unit.times': { zh: '次', en: 'times' },
  'unit.units': { zh: '台', en: 'units' },

  // audit review page
  'audit.title': { zh: '审计复核', en: 'Audit review' },
  'audit.refused': { zh: '审计复核页面仅供审计角色使用；当前令牌的角色：{roles}。', en: 'The audit review page is for auditors only; the token’s roles: {roles}.' },
  'audit.integrity': { zh: '审计链完整性', en: 'Chain integrity' },
  'audit.integrityOk': { zh: '完整：已校验 {count} 条记录', en: 'Intact: {count} records verified' },
  'audit.integrityBroken': { zh: '已损坏：第 {seq} 条记录起（{problem}）', en: 'Broken from record {seq} ({problem})' },
  'audit.verifiedAt': { zh: '校验时间 {at}', en: 'verified at {at}' },
  'audit.anchor': { zh: '保留期锚点：第 {seq} 条', en: 'retention anchor: record {seq}' },
  'audit.recheck': { zh: '重新校验', en: 'Verify again' },
  'audit.breakGlass': { zh: '待复核的紧急授权（破窗）', en: 'Break-glass accesses awaiting review' },
  'audit.breakGlassEmpty': { zh: '没有待复核的紧急授权', en: 'No break-glass access awaits review' },
  'audit.requester': { zh: '申请人', en: 'Requester' },
  'audit.patient': { zh: '患者', en: 'Patient' },
  'audit.reason': { zh: '理由', en: 'Reason' },
  'audit.createdAt': { zh: '授权时间', en: 'Granted at' },
  'audit.expiresAt': { zh: '到期时间', en: 'Expires at' },
  'audit.active': { zh: '生效中', en: 'in force' },
  'audit.expired': { zh: '已到期', en: 'expired' },
  'audit.reviewComment': { zh: '复核意见', en: 'Review comment' },
  'audit.markReviewed': { zh: '标记已复核', en: 'Mark reviewed' },
  'audit.reviewed': { zh: '已复核：{id}', en: 'Reviewed: {id}' },
  'audit.search': { zh: '检索审计记录', en: 'Search audit events' },
  'audit.patientId': { zh: '患者或实体标识', en: 'Patient or entity id' },
  'audit.actor': { zh: '访问者标识', en: 'Actor id' },
  'audit.from': { zh: '起始时间', en: 'From' },
  'audit.to': { zh: '截止时间', en: 'To' },
  'audit.outcome': { zh: '结果', en: 'Outcome' },
  'audit.anyOutcome': { zh: '全部', en: 'Any' },
  'audit.searchSubmit': { zh: '检索', en: 'Search' },
  'audit.results': { zh: '共 {count} 条记录', en: '{count} records' },
  'audit.noResults': { zh: '没有符合条件的记录', en: 'No records match' },
  'audit.loadMore': { zh: '加载更多', en: 'Load more' },
  'audit.at': { zh: '时间', en: 'Time' },
  'audit.action': { zh: '动作', en: 'Action' },
  'audit.entity': { zh: '实体', en: 'Entity' },
  'audit.operation': { zh: '操作名', en: 'Operation' },
  'audit.detail': { zh: '记录详情', en: 'Record detail' },
  'audit.close': { zh: '关闭', en: 'Close' },
  'audit.export': { zh: 'FHIR 导出', en: 'FHIR export' },
  'audit.exportHelp': { zh: '将时间范围内的审计记录导出为 FHIR R4 AuditEvent 资源包；导出本身也会被记录。', en: 'Exports the records of a time range as a FHIR R4 Bundle of AuditEvent resources; the export is itself recorded.' },
  'audit.exportPrepare': { zh: '生成导出文件', en: 'Prepare export' },
  'audit.exportReady': { zh: '下载 {file}（{size}）', en: 'Download {file} ({size})' },
  'audit.exportRange': { zh: '请给出起止时间。', en: 'Give both ends of the range.' },

  // fields of an audit event (detail view)
  'field.id': { zh: '记录标识', en: 'Record id' },
  'field.seq': { zh: '链上序号', en: 'Position in the chain' },
  'field.at': { zh: '时间', en: 'Time' },
  'field.requestId': { zh: '请求标识', en: 'Request id' },
  'field.actor.id': { zh: '访问者标识', en: 'Actor id' },
  'field.actor.name': { zh: '访问者姓名', en: 'Actor name' },
  'field.actor.roles': { zh: '角色', en: 'Roles' },
  'field.actor.departments': { zh: '科室', en: 'Departments' },
  'field.actor.ip': { zh: '客户端地址', en: 'Client IP' },
  'field.actor.userAgent': { zh: '客户端', en: 'User agent' },
  'field.action': { zh: '动作', en: 'Action' },
  'field.operationName': { zh: '操作名', en: 'Operation name' },
  'field.operationHash': { zh: '查询文档哈希', en: 'Document hash' },
  'field.entityType': { zh: '实体类型', en: 'Entity type' },
  'field.entityIds': { zh: '实体标识', en: 'Entity ids' },
  'field.patientIds': { zh: '涉及的患者', en: 'Patients concerned' },
  'field.fields': { zh: '字段', en: 'Fields' },
  'field.outcome': { zh: '结果', en: 'Outcome' },
  'field.purpose': { zh: '目的或理由', en: 'Purpose or reason' },
  'field.filter': { zh: '检索条件', en: 'Search filter' },
  'field.hash': { zh: '本记录哈希', en: 'Hash' },
  'field.prevHash': { zh: '上一条记录哈希', en: 'Previous hash' },

  // audit actions and outcomes
  'action.READ': { zh: '读取', en: 'Read' },
  'action.SEARCH': { zh: '检索', en: 'Search' },
  'action.EXPORT': { zh: '导出', en: 'Export' },
  'action.GRANT': { zh: '授权', en: 'Grant' },
  'action.DENY': { zh: '拒绝授权', en: 'Deny' },
  'action.REQUEST': { zh: '申请调阅', en: 'Request' },
  'action.BREAK_GLASS': { zh: '紧急授权', en: 'Break-glass' },
  'action.REVIEW': { zh: '审计复核', en: 'Review' },
  'outcome.ALLOWED': { zh: '明文提供', en: 'Allowed' },
  'outcome.MASKED': { zh: '脱敏提供', en: 'Masked' },
  'outcome.DENIED': { zh: '拒绝', en: 'Denied' },
} satisfies Record<string, Label>;

export type MessageKey = keyof typeof DICTIONARY;

/** a key built from data (a status, role or rule) when the dictionary has it */
export function dictionaryKey(prefix: string, value: string): MessageKey | undefined {
  const key = `${prefix}.${value}`;
  return key in DICTIONARY ? (key as MessageKey) : undefined;
}
