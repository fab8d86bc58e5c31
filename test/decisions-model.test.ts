import { describe, expect, it } from 'vitest';
import { createRequire } from 'node:module';
import { WorkingDayCalendar } from '../shared/features/decisions/calendar/working-days.js';
import { readClock } from '../shared/features/decisions/deadlines.js';
import { DecisionInput } from '../shared/features/decisions/model.js';
import { maskName, personalFieldPaths, publicContent } from '../shared/features/decisions/redaction.js';
import { usccCheckCharacter } from '../shared/core/uscc.js';
import { commitTo, newSalt, verifyCommitment } from '../shared/features/decisions/commitment.js';
import { addMonths, publicityFor } from '../shared/features/decisions/publicity-rules.js';

const require = createRequire(import.meta.url);
const chineseDays = require('chinese-days') as {
  isWorkday(d: string): boolean;
  findWorkday(delta: number, date: string): string;
};
const calendar = new WorkingDayCalendar();
const companyUscc = `91430981MA4L0A0A0${usccCheckCharacter('91430981MA4L0A0A0')}`;

describe('the working-day calendar', () => {
  it('agrees with chinese-days on every day of 2026', () => {
    for (let t = Date.parse('2026-01-01'); t <= Date.parse('2026-12-31'); t += 86_400_000) {
      const day = new Date(t).toISOString().slice(0, 10);
      expect(calendar.isWorkingDay(day), day).toBe(chineseDays.isWorkday(day));
    }
  });

  it('counts 7 working days across the 2026 National Day holiday, using the 调休 Saturday 10-10', () => {
    // 2026-09-30 (Wed): holidays 10-01..10-07; 10-08, 10-09, Saturday 10-10 (调休), 10-12 … 10-15.
    const due = calendar.addWorkingDays('2026-09-30', 7);
    expect(due).toEqual({ date: '2026-10-15', provisional: false });
    expect(due.date).toBe(chineseDays.findWorkday(7, '2026-09-30'));
  });

  it('counts across the 2026 Spring Festival, with 02-14 and 02-28 as 调休 working days', () => {
    const due = calendar.addWorkingDays('2026-02-13', 7);
    expect(due.date).toBe(chineseDays.findWorkday(7, '2026-02-13'));
    expect(calendar.isWorkingDay('2026-02-14')).toBe(true);
    expect(calendar.isWorkingDay('2026-02-16')).toBe(false);
    expect(calendar.addWorkingDays('2026-02-13', 20).date).toBe(chineseDays.findWorkday(20, '2026-02-13'));
  });

  it('marks a deadline that falls in an uncovered year as provisional, counted on weekends only', () => {
    const due = calendar.addWorkingDays('2026-12-28', 7);
    expect(due.provisional).toBe(true);
    // 12-29, 12-30, 12-31 (2026), then 2027-01-01 (Fri, no holiday data), 01-04, 01-05, 01-06.
    expect(due.date).toBe('2027-01-06');
    const covered = new WorkingDayCalendar({
      ...calendar.data,
      coveredYears: [...calendar.data.coveredYears, 2027],
      holidays: { ...calendar.data.holidays, '2027-01-01': '元旦' },
    });
    expect(covered.addWorkingDays('2026-12-28', 7)).toEqual({ date: '2027-01-07', provisional: false });
  });

  it('counts working days between two dates across years as a walk of every day would', () => {
    const walk = (from: string, to: string) => {
      let days = 0;
      let provisional = false;
      for (let t = Date.parse(`${from}T00:00:00Z`) + 86_400_000; t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000) {
        const day = new Date(t).toISOString().slice(0, 10);
        if (!calendar.covers(day)) provisional = true;
        if (calendar.isWorkingDay(day)) days++;
      }
      return { days, provisional };
    };
    const dates = ['2025-01-01', '2025-12-31', '2026-01-01', '2026-02-13', '2026-10-01', '2026-10-11', '2026-12-31'];
    for (const from of [...dates, '2027-03-01'])
      for (const to of [...dates, '2027-01-01', '2027-06-30'])
        expect(calendar.workingDaysAfter(from, to), `${from} → ${to}`).toEqual(walk(from, to));
    // 2026 National Day: 10-01 to 10-07 off; Thursday 10-08, Friday 10-09 and Saturday 10-10 (调休) worked.
    expect(calendar.workingDaysAfter('2026-09-30', '2026-10-10')).toEqual({ days: 3, provisional: false });
  });
});

describe('the deadline clock', () => {
  it('reads on time, late by N working days, overdue and pending', () => {
    expect(readClock(calendar, '2026-09-30', 7, '2026-10-15', '2026-11-01').state).toBe('on-time');
    // Published Tuesday 10-20: 10-16, 10-19, 10-20 lie past the deadline (the weekend does not count).
    const late = readClock(calendar, '2026-09-30', 7, '2026-10-20', '2026-11-01');
    expect(late).toMatchObject({ state: 'late', workingDaysLate: 3, dueBy: '2026-10-15' });
    const overdue = readClock(calendar, '2026-09-30', 7, undefined, '2026-10-19');
    expect(overdue).toMatchObject({ state: 'overdue', workingDaysLate: 2 });
    expect(readClock(calendar, '2026-09-30', 7, undefined, '2026-10-15').state).toBe('pending');
  });
});

const person = {
  number: '沅市监罚〔2026〕12号',
  type: '行政处罚',
  party: {
    name: '张三丰',
    type: '自然人',
    idNumber: '430102198001011234',
    address: '湖南省沅江市琼湖街道东风路8号',
    phone: '13812345678',
    bankAccount: '6222020202020202020',
  },
  facts:
    '当事人张三丰（身份证号430102198001011234，住湖南省沅江市琼湖街道东风路8号，电话138 1234 5678）与李四共同销售过期食品。',
  basis: '《中华人民共和国食品安全法》第一百二十四条',
  penaltyKinds: '罚款；没收违法所得',
  fineYuan: '5,000',
  confiscatedYuan: 300,
  content: '罚款5000元，没收违法所得300元，请于15日内缴至账户6222 0202 0202 0202 020，咨询0737-1234567。',
  procedure: '普通',
  decisionDate: '2026/3/5',
  officers: 'HN001、HN002',
  thirdParties: ['李四'],
  healthNotes: '当事人患有慢性病',
};

describe('redaction built into the schema', () => {
  it('finds the personal fields by their marks', () => {
    expect(personalFieldPaths().sort()).toEqual(
      ['healthNotes', 'party.address', 'party.bankAccount', 'party.idNumber', 'party.phone', 'thirdParties'].sort(),
    );
  });

  it('leaves no ID number, address, phone, bank account, health data or third party in the public content', () => {
    const input = DecisionInput.parse(person);
    const shown = JSON.stringify(publicContent(input));
    for (const secret of ['430102198001011234', '东风路8号', '13812345678', '138 1234 5678', '6222', '0737-1234567']) {
      expect(shown).not.toContain(secret);
    }
    for (const secret of ['慢性病', '李四', '张三丰']) expect(shown).not.toContain(secret);
    expect(publicContent(input)!.party.name).toBe('张某某');
    expect(shown).toContain('李某某');
    expect(input.fineYuan).toBe(5000);
    expect(input.decisionDate).toBe('2026-03-05');
  });

  it('never publishes a minor, marked or by the ID number', () => {
    const marked = DecisionInput.parse({ ...person, party: { ...person.party, minor: true } });
    expect(publicContent(marked)).toBeUndefined();
    const byId = DecisionInput.parse({ ...person, party: { ...person.party, idNumber: '430102201001011234' } });
    expect(publicContent(byId)).toBeUndefined();
  });

  it('masks names by surname, compound surnames included', () => {
    expect(maskName('张三')).toBe('张某某');
    expect(maskName('欧阳娜娜')).toBe('欧阳某某');
  });

  it('publishes a company by name and credit code', () => {
    const company = DecisionInput.parse({
      ...person,
      party: { name: '沅江市某某食品有限公司', type: '法人', uscc: companyUscc, representative: '王五' },
    });
    const shown = publicContent(company)!;
    expect(shown.party).toEqual({
      name: '沅江市某某食品有限公司',
      type: '法人',
      uscc: companyUscc,
      representative: '王五',
    });
  });
});

describe('the salted commitment', () => {
  it('lets the party prove the record with the salt, and nobody without it', () => {
    const record = DecisionInput.parse(person);
    const salt = newSalt();
    const c = commitTo(record, salt);
    expect(verifyCommitment(record, salt, c)).toBe(true);
    expect(verifyCommitment({ ...record, party: { ...record.party, phone: '1' } }, salt, c)).toBe(false);
    expect(verifyCommitment(record, newSalt(), c)).toBe(false);
  });
});

describe('publicity periods as rule data', () => {
  const base = DecisionInput.parse(person);
  it('applies SAMR 45号: 简易 not published, 警告 alone not published, small fine 3 months, else 3 years', () => {
    const samr = { ...base, ruleFamily: 'samr-45' };
    expect(publicityFor({ ...samr, procedure: '简易' }, '430981')).toMatchObject({ publish: false });
    expect(publicityFor({ ...samr, penaltyKinds: ['警告'] }, '430981')).toMatchObject({ publish: false });
    expect(
      publicityFor({ ...samr, penaltyKinds: ['罚款'], fineYuan: 500, confiscatedYuan: undefined }, '430981'),
    ).toMatchObject({ publish: true, months: 3 });
    expect(publicityFor(samr, '430981')).toMatchObject({ publish: true, months: 36, ruleSet: 'samr-45@2021-09-01' });
  });

  it('applies the 信用修复 version in force on the decision date', () => {
    expect(publicityFor(base, '430981')).toMatchObject({ ruleSet: 'credit-repair@2023-05-01', months: 12 });
    expect(publicityFor({ ...base, decisionDate: '2026-04-01', severity: '严重' }, '430981')).toMatchObject({
      ruleSet: 'credit-repair@2026-04-01',
      months: 36,
    });
    expect(publicityFor({ ...base, severity: '轻微' }, '430981')).toMatchObject({ publish: false });
  });

  it('adds months clamped to the end of the month', () => {
    expect(addMonths('2026-08-31', 6)).toBe('2027-02-28');
    expect(addMonths('2026-03-05', 36)).toBe('2029-03-05');
  });
});
