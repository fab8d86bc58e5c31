/**
 * Correcting a mapping in the workbench, over HTTP (the app's own fetch, cookies kept like a browser): the check page
 * shows every column with a select of fields; a clerk corrects an unrecognised column and checks the same upload
 * again; the map is remembered once the draft is created and pre-fills the next upload of the same layout. A bad
 * map (a field the kind does not have, one field for two columns, a column the header does not have) is a 422 page
 * naming the column, and nothing is stored.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { UNIT_A, UNIT_B, entity, publishUnits } from './support/fixtures.js';
import { WorkbenchClient, workbenchRuntime } from './support/workbench-client.js';

type Rt = Awaited<ReturnType<typeof workbenchRuntime>>;
const LIST = `/workbench/units/${UNIT_A}/lists/no-penalty`;

/** A 不予处罚 list whose conditions column is headed 具体要求, which no rule recognises. */
const CSV = [
  '序号,违法行为,法律依据,具体要求,投诉电话',
  '1,未按规定公示年度报告,《企业信息公示暂行条例》第八条,首次且在责令期限内改正,0832-12345',
  '2,未按规定办理备案,《某某管理办法》第五条,危害后果轻微并及时改正,0832-12345',
].join('\n');
const NEXT_CSV = `${CSV}\n3,未按规定悬挂证照,《某某管理办法》第九条,初次违法且及时改正,0832-12345`;

const csvFile = (text: string, name = '大英县不予处罚事项清单.csv') => new File([text], name, { type: 'text/csv' });
/** The option selected in the select of column `index` (from 0). */
const selected = (html: string, index: number) => {
  const select = html.split(`name="map.${index}"`)[1]?.split('</select>')[0] ?? '';
  return /<option value="([^"]+)" selected/.exec(select)?.[1];
};
const uploadPath = (html: string) => /action="(\/workbench\/uploads\/[^"/]+)\/mapping"/.exec(html)![1]!;

describe('the workbench check page corrects a column map', () => {
  let rt: Rt;
  let clerk: WorkbenchClient;

  const check = async (text: string) => {
    await clerk.get(LIST);
    return clerk.post(`${LIST}/check`, { file: csvFile(text), effectiveFrom: '2024-04-01', mode: 'replace' });
  };

  beforeAll(async () => {
    rt = await workbenchRuntime({ config: { stage: 'local' } });
    rt.clock.set('2024-03-01T02:00:00Z');
    await publishUnits(rt.registry, [
      { entity: entity(UNIT_A), lists: {} },
      { entity: entity(UNIT_B), lists: {} },
    ]);
    clerk = new WorkbenchClient(rt.app);
    await clerk.signIn('editor', { uscc: UNIT_A });
  });

  it('shows every column with its field as a select; the unrecognised one is kept as 附加信息', async () => {
    const res = await check(CSV);
    expect(res.status).toBe(422);
    expect(res.text).toContain('识别的列');
    expect(res.text).toContain('缺少必填列');
    expect([0, 1, 2, 3, 4].map((i) => selected(res.text, i))).toEqual([
      'seq',
      'violation',
      'legalBasis',
      'additional',
      'additional',
    ]);
    expect(res.text).toContain('按所选列映射重新检查');
  });

  it('a field the kind does not have is a 422 page naming the column; the upload keeps no map', async () => {
    const first = await check(CSV);
    const upload = uploadPath(first.text);
    const bad = await clerk.post(`${upload}/mapping`, { 'map.3': 'conditons', 'map.4': 'additional' });
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('列映射有误');
    expect(bad.text).toContain('列“具体要求”对应的“conditons”不是');
    const again = await clerk.get(upload);
    expect(again.text).toContain('缺少必填列');
    expect(selected(again.text, 3)).toBe('additional');
  });

  it('one field for two columns, or a column the header does not have, is refused the same way', async () => {
    const first = await check(CSV);
    const upload = uploadPath(first.text);
    const twice = await clerk.post(`${upload}/mapping`, { 'map.3': 'conditions', 'map.4': 'conditions' });
    expect(twice.status).toBe(422);
    expect(twice.text).toContain('列“具体要求”与“投诉电话”都对应“适用条件”');
    const absent = await clerk.post(`${upload}/mapping`, { 'map.3': 'conditions', 'map.9': 'notes' });
    expect(absent.status).toBe(422);
    expect(absent.text).toContain('第 10 列不在文件的表头中');
  });

  it('refuses a map without the page’s CSRF token', async () => {
    const first = await check(CSV);
    const upload = uploadPath(first.text);
    const res = await clerk.post(`${upload}/mapping`, { 'map.3': 'conditions' }, { csrf: false });
    expect(res.status).toBe(403);
  });

  it('a corrected map checks the upload again, is remembered on submission and pre-fills the next upload', async () => {
    const first = await check(CSV);
    const upload = uploadPath(first.text);
    const fields = Object.fromEntries(
      ['seq', 'violation', 'legalBasis', 'conditions', 'additional'].map((f, i) => [`map.${i}`, f]),
    );
    const fixed = await clerk.post(`${upload}/mapping`, fields);
    expect(fixed.status).toBe(200);
    expect(fixed.text).toContain('检查通过');
    expect(fixed.text).toContain('已按您所选的列映射识别');
    expect(selected(fixed.text, 3)).toBe('conditions');
    expect(fixed.text).toContain('新增 2 项');

    // Nothing was remembered before the draft exists.
    const before = await rt.write.columnMaps.list(UNIT_A, 'no-penalty');
    expect(before).toEqual([]);
    const submitted = await clerk.post(`${upload}/submit`, {});
    expect(submitted.status).toBe(303);
    const remembered = await rt.write.columnMaps.list(UNIT_A, 'no-penalty');
    expect(remembered).toHaveLength(1);
    expect(remembered[0]).toMatchObject({
      map: {
        序号: 'seq',
        违法行为: 'violation',
        法律依据: 'legalBasis',
        具体要求: 'conditions',
        投诉电话: 'additional',
      },
      headings: ['序号', '违法行为', '法律依据', '具体要求', '投诉电话'],
      confirmedBy: `local-editor-${UNIT_A}`,
    });

    const next = await check(NEXT_CSV);
    expect(next.status).toBe(200);
    expect(next.text).toContain('已按本单位此前为同一表头确认的列映射识别');
    expect(selected(next.text, 3)).toBe('conditions');
  });

  it('another user cannot correct the clerk’s upload', async () => {
    const first = await check(CSV);
    const upload = uploadPath(first.text);
    const other = new WorkbenchClient(rt.app);
    await other.signIn('editor', { uscc: UNIT_B });
    await other.get(`/workbench/units/${UNIT_B}`);
    const res = await other.post(`${upload}/mapping`, { 'map.3': 'conditions' });
    expect(res.status).toBe(404);
  });
});
