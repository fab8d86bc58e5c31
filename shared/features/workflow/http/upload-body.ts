/** Reads an upload: JSON `{ items, …fields }` or multipart/form-data with `file` plus the same fields. */
import type { Context } from 'hono';
import { sha256Hex } from '../../../core/canonical-json.js';
import { AppError } from '../../../core/errors.js';

export interface UploadBody {
  fields: Record<string, unknown>;
  file?: { bytes: Uint8Array; name: string; sha256: string };
  items?: unknown;
}

export async function readUpload(c: Context, options: { fileRequired?: boolean } = {}): Promise<UploadBody> {
  const type = (c.req.header('content-type') ?? '').toLowerCase();
  if (type.startsWith('multipart/form-data')) {
    let form: Record<string, string | File | (string | File)[]>;
    try {
      form = await c.req.parseBody({ all: true });
    } catch {
      throw new AppError('BAD_REQUEST', '无法解析 multipart/form-data 请求体', { reason: 'BAD_MULTIPART' });
    }
    const fields: Record<string, unknown> = {};
    let file: File | undefined;
    for (const [name, value] of Object.entries(form)) {
      if (Array.isArray(value))
        throw new AppError('BAD_REQUEST', `字段“${name}”只能出现一次`, { reason: 'REPEATED_FIELD', field: name });
      if (typeof value === 'string') {
        if (value !== '') fields[name] = value;
      } else if (name === 'file') file = value;
      else
        throw new AppError('BAD_REQUEST', `不认识的文件字段“${name}”（文件应放在 file 字段）`, {
          reason: 'UNKNOWN_FILE_FIELD',
        });
    }
    if (!file) throw new AppError('BAD_REQUEST', '缺少文件（multipart 字段 file）', { reason: 'NO_FILE' });
    const bytes = new Uint8Array(await file.arrayBuffer());
    return { fields, file: { bytes, name: file.name || 'upload', sha256: sha256Hex(bytes) } };
  }
  if (type.startsWith('application/json') || type === '') {
    if (options.fileRequired)
      throw new AppError('UNSUPPORTED_MEDIA_TYPE', '请以 multipart/form-data 上传工作簿文件', {
        reason: 'FILE_REQUIRED',
      });
    let body: unknown;
    try {
      body = await c.req.json();
    } catch {
      throw new AppError('BAD_REQUEST', '请求体不是有效的 JSON', { reason: 'BAD_JSON' });
    }
    if (!body || typeof body !== 'object' || Array.isArray(body))
      throw new AppError('BAD_REQUEST', '请求体应为 JSON 对象', { reason: 'BAD_JSON' });
    const { items, ...fields } = body as Record<string, unknown>;
    return { fields, items };
  }
  throw new AppError('UNSUPPORTED_MEDIA_TYPE', '请求体应为 application/json 或 multipart/form-data', {
    contentType: type,
  });
}
