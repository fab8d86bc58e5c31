/**
 * The portal's wording about time, over one list's timeline: version 1 superseded by version 2,
 * version 2 in force today, version 3 a repeal scheduled for next year, and a second list whose
 * repeal already applies.
 */
import { describe, expect, it } from 'vitest';
import {
  inForceOn,
  scheduledNotice,
  stateLabel,
  versionState,
  viewBanner,
  type VersionFacts,
} from '../shared/features/portal/timeline-wording.js';

const TODAY = '2026-12-02';
const v = (version: number, effectiveFrom: string, status: 'published' | 'repealed' = 'published'): VersionFacts => ({
  version,
  effectiveFrom,
  publishedAt: `${effectiveFrom}T02:00:00Z`,
  status,
});
const superseded = v(1, '2023-01-01');
const current = v(2, '2024-07-01');
const scheduledRepeal = v(3, '2027-01-01', 'repealed');
const timeline = [superseded, current, scheduledRepeal];
const repealedList = [v(1, '2023-01-01'), v(2, '2025-03-01', 'repealed')];
const LIST = '/units/X/lists/no-penalty';

const label = (versions: VersionFacts[], version: VersionFacts) => stateLabel(versionState(versions, version, TODAY));

describe('per-version status', () => {
  it('calls only the version in force today 现行有效', () => {
    expect(label(timeline, current)).toEqual({ text: '现行有效（自 2024-07-01 起）', tone: 'ok' });
    expect(label(timeline, superseded).text).toBe('已被第2版取代（自 2024-07-01 起）');
    expect(label(timeline, scheduledRepeal)).toEqual({ text: '尚未施行（自 2027-01-01 起施行）', tone: 'warn' });
  });

  it('says a repealed list and its repeal are 已废止 from the repeal date', () => {
    expect(label(repealedList, repealedList[0]!).text).toBe('已废止（自 2025-03-01 起）');
    expect(label(repealedList, repealedList[1]!).text).toBe('已废止（自 2025-03-01 起）');
  });

  it('says a correction on the same date supersedes what it corrects from that date', () => {
    const corrected = [v(1, '2024-01-01'), v(2, '2024-01-01')];
    expect(label(corrected, corrected[0]!).text).toBe('已被第2版取代（自 2024-01-01 起）');
    expect(label(corrected, corrected[1]!).text).toBe('现行有效（自 2024-01-01 起）');
  });

  it('finds the version in force on a date', () => {
    expect(inForceOn(timeline, '2023-06-01')?.version).toBe(1);
    expect(inForceOn(timeline, TODAY)?.version).toBe(2);
    expect(inForceOn(timeline, '2027-02-01')).toBeUndefined();
    expect(inForceOn(repealedList, TODAY)).toBeUndefined();
  });
});

describe('the banner of a view that is not today', () => {
  it('is absent on today’s view', () => {
    expect(viewBanner(timeline, current, { today: TODAY }, LIST)).toBeUndefined();
    expect(viewBanner(timeline, current, { today: TODAY, at: TODAY }, LIST)).toBeUndefined();
  });

  it('on a past date names the date and what is in force today, with a link', () => {
    const b = viewBanner(timeline, superseded, { today: TODAY, at: '2023-06-01' }, LIST)!;
    expect(b.text).toBe('显示 2023-06-01 施行的版本；这不是今天的现行内容。');
    expect(b.today).toBe('今天（2026-12-02）现行有效的是第2版，自 2024-07-01 起施行。');
    expect(b.link).toEqual({ href: LIST, label: '查看现行有效的第2版' });
    expect(b.tone).toBe('warn');
  });

  it('on a chosen version says so, even when it is today’s', () => {
    expect(viewBanner(timeline, superseded, { today: TODAY, chosen: 1 }, LIST)!.text).toBe(
      '显示您选择的第1版；这不是今天的现行内容。',
    );
    const same = viewBanner(timeline, current, { today: TODAY, chosen: 2 }, LIST)!;
    expect(same.text).toBe('显示您选择的第2版；该版本也是今天的现行版本。');
    expect(same.tone).toBe('info');
  });

  it('on a scheduled version says when it will take effect', () => {
    const b = viewBanner(timeline, scheduledRepeal, { today: TODAY, chosen: 3 }, LIST)!;
    expect(b.text).toBe('显示您选择的第3版；该版本尚未施行，将自 2027-01-01 起施行。');
    expect(b.today).toContain('现行有效的是第2版');
  });

  it('on an as-known-on view names the instant in Beijing time', () => {
    const b = viewBanner(
      timeline,
      superseded,
      { today: TODAY, asOf: '2024-01-01T00:00:00.000Z', asOfLabel: '2024-01-01 08:00' },
      LIST,
    )!;
    expect(b.text).toBe('按 2024-01-01 08:00（北京时间）登记簿所知的内容显示；这不是今天的现行内容。');
  });

  it('says when nothing is in force today, without a link', () => {
    const b = viewBanner(repealedList, repealedList[0], { today: TODAY, at: '2024-01-01' }, LIST)!;
    expect(b.today).toBe('该清单已自 2025-03-01 起废止，今天（2026-12-02）没有现行有效的版本。');
    expect(b.link).toBeUndefined();
  });
});

describe('the notice of a scheduled version', () => {
  it('announces the next scheduled version, a repeal as a repeal', () => {
    expect(scheduledNotice(timeline, TODAY)).toMatchObject({
      version: 3,
      repeal: true,
      text: '已公布废止决定（第3版），该清单将自 2027-01-01 起废止。',
    });
    const next = [superseded, current, v(3, '2027-03-01')];
    expect(scheduledNotice(next, TODAY)?.text).toBe('已公布第3版，将自 2027-03-01 起施行；在此之前现行版本继续有效。');
    expect(scheduledNotice([superseded, current], TODAY)).toBeUndefined();
  });
});
