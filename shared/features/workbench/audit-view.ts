/**
 * The audit trail as an auditor reads it: Chinese action, role and outcome names, Beijing time, and the same
 * rows for the page and the CSV and XLSX exports.
 */
import { chinaDateTime } from '../../core/dates.js';
import { neutraliseCell } from '../../core/neutralise.js';
import type { AuditRecord } from '../workflow/index.js';

export const ACTION_LABELS: Record<string, string> = {
  'workbench.sign-in': '登录工作台',
  'workbench.sign-out': '退出工作台',
  'workbench.check': '检查上传文件',
  'draft.dry-run': '试导入检查',
  'draft.create': '创建草稿',
  'draft.submit': '提交审核',
  'draft.approve': '审核批准并发布',
  'draft.reject': '审核退回',
  'entity.draft': '登记或变更执法主体',
  'list.repeal': '废止清单',
  'audit.read': '查阅全过程记录',
  'draft.read': '查阅草稿',
  'assignment.grant': '指派人员',
  'assignment.revoke': '撤销指派',
  'assignment.list': '查阅人员指派',
  'assignment.migrate': '迁移旧授权',
};

export const ROLE_LABELS: Record<string, string> = {
  editor: '填报人员',
  reviewer: '法制审核人员',
  admin: '管理员',
  auditor: '审计人员',
  anonymous: '未登录',
};

export const OUTCOME_LABELS: Record<AuditRecord['outcome'], string> = {
  succeeded: '成功',
  denied: '拒绝（无权限）',
  refused: '未受理（请求有误）',
  failed: '失败（系统错误）',
};

export const actionLabel = (a: string) => ACTION_LABELS[a] ?? a;
export const roleLabel = (r: string) =>
  r
    .split(',')
    .map((x) => ROLE_LABELS[x] ?? x)
    .join('、');

export const AUDIT_COLUMNS = [
  '时间（北京时间）',
  '执法主体',
  '序号',
  '操作人',
  '角色',
  '操作',
  '对象',
  '结果',
  '状态码',
  '错误代码',
  '说明',
  '记录哈希',
] as const;

export function auditRow(r: AuditRecord): string[] {
  const detail = r.detail ? JSON.stringify(r.detail) : '';
  return [
    chinaDateTime(r.time),
    r.unit,
    String(r.seq),
    r.actor,
    roleLabel(r.role),
    actionLabel(r.action),
    r.target,
    OUTCOME_LABELS[r.outcome],
    String(r.status),
    r.code ?? '',
    detail,
    r.hash,
  ];
}

/** Export rows with spreadsheet-formula neutralisation (a value starting with = is not run by Excel). */
export const exportRows = (records: readonly AuditRecord[]) =>
  records.map((r) => auditRow(r).map((v) => neutraliseCell(v)));
