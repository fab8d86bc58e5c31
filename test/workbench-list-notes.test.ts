/**
 * What a list says besides its items, through the workbench: a 完整替换 upload's title, preface and foot rows become
 * the draft's (and so the version's) notes; a 增补修改 upload holds only the rows it changes, so the draft keeps the
 * notes of the list in force.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { entity, noPenaltyItem, publishUnits, UNIT_A, UNIT_B } from './support/fixtures.js';
import { WorkbenchClient, workbenchRuntime } from './support/workbench-client.js';

const JIANGMEN = '江门市生态环境依法不予行政处罚的轻微环境违法行为清单.xlsx';
const IN_FORCE_NOTES = { title: ['XX市不予处罚事项清单'], footnotes: ['备注：本清单自印发之日起施行。'] };

describe('list notes in the workbench', () => {
  let rt: Awaited<ReturnType<typeof workbenchRuntime>>;

  const submit = async (unit: string, file: File, mode: 'replace' | 'supplement') => {
    const clerk = new WorkbenchClient(rt.app);
    await clerk.signIn('editor', { uscc: unit });
    const list = `/workbench/units/${unit}/lists/no-penalty`;
    await clerk.get(list);
    const checked = await clerk.post(`${list}/check`, { file, effectiveFrom: '2024-04-01', mode });
    expect(checked.status).toBe(200);
    const action = /action="(\/workbench\/uploads\/[^"]+\/submit)"/.exec(checked.text)![1]!;
    const submitted = await clerk.post(action, {});
    expect(submitted.status).toBe(303);
    const id = /drafts\/(d[0-9a-z]+)/.exec(submitted.headers.get('location')!)![1]!;
    return (await rt.write.workflow.drafts.get(id))!;
  };

  beforeAll(async () => {
    rt = await workbenchRuntime({ config: { stage: 'local' } });
    rt.clock.set('2024-01-02T02:00:00Z');
    await publishUnits(rt.registry, [
      { entity: entity(UNIT_A), lists: {} },
      { entity: entity(UNIT_B), lists: {} },
    ]);
    await rt.registry.publish({
      uscc: UNIT_B,
      stream: 'no-penalty',
      status: 'published',
      items: [noPenaltyItem(1), noPenaltyItem(2)],
      effectiveFrom: '2024-01-01',
      publishedBy: 'seed',
      source: 'seed',
      listNotes: IN_FORCE_NOTES,
    });
    rt.clock.set('2024-03-01T02:00:00Z');
  });

  it('a 完整替换 upload carries the file’s title and foot note into the draft', async () => {
    const bytes = readFileSync(join(import.meta.dirname, 'fixtures/real-lists', JIANGMEN));
    const draft = await submit(UNIT_A, new File([bytes], JIANGMEN), 'replace');
    expect(draft.itemCount).toBe(4);
    expect(draft.listNotes).toEqual({
      title: ['江门市生态环境依法不予行政处罚的轻微环境违法行为清单'],
      footnotes: [expect.stringMatching(/^备注：一、“首次违法”/)],
    });
  });

  it('a 增补修改 upload keeps the notes of the list in force', async () => {
    const csv = [
      'XX市不予处罚事项清单（增补）,,,,',
      '序号,事项编码,违法行为,法律依据,不予处罚的情形',
      '3,BY-210900-02-003,未按规定公示年度报告,《企业信息公示暂行条例》第八条,首次且在责令期限内改正',
    ].join('\n');
    const draft = await submit(UNIT_B, new File([csv], '不予处罚事项清单.csv'), 'supplement');
    expect(draft.itemCount).toBe(3);
    expect(draft.listNotes).toEqual(IN_FORCE_NOTES);
  });
});
