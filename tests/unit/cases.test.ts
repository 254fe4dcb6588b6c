import { describe, expect, it } from 'vitest';
import { caseDivision, caseNumber, caseToJoin, caseWords, impliedOpening, isOverdue, parseCaseNumber, responseDeadline } from '../../src/domain/cases.js';

// Beijing wall-clock time as a Date.
const bj = (s: string) => new Date(`${s}+08:00`);

describe('the response deadline in working days', () => {
  it('skips weekends', () => {
    // 2026-12-04 is a Friday.
    expect(responseDeadline(bj('2026-12-04T15:00:00'), 3)).toEqual(bj('2026-12-09T15:00:00'));
    // Saturday and Sunday count from Monday.
    expect(responseDeadline(bj('2026-12-05T10:00:00'), 3)).toEqual(bj('2026-12-09T10:00:00'));
    expect(responseDeadline(bj('2026-12-06T23:30:00'), 1)).toEqual(bj('2026-12-07T23:30:00'));
    // Monday to Thursday within the week.
    expect(responseDeadline(bj('2026-12-07T09:00:00'), 3)).toEqual(bj('2026-12-10T09:00:00'));
    // A Friday just before midnight Beijing time is still Friday (UTC says Friday afternoon).
    expect(responseDeadline(bj('2026-12-04T23:59:00'), 1)).toEqual(bj('2026-12-07T23:59:00'));
  });

  it('flags open cases past it, never closed ones', () => {
    const due = bj('2026-12-09T15:00:00');
    expect(isOverdue({ status: 'open', dueAt: due }, bj('2026-12-09T15:01:00'))).toBe(true);
    expect(isOverdue({ status: 'open', dueAt: due }, bj('2026-12-09T14:59:00'))).toBe(false);
    expect(isOverdue({ status: 'closed', dueAt: due }, bj('2026-12-19T00:00:00'))).toBe(false);
  });
});

describe('which station works a case', () => {
  it('takes the worker’s township, else the workshop’s, else a county', () => {
    expect(caseDivision('532528102211', '532528101')).toBe('532528102');
    expect(caseDivision(null, '532528101201')).toBe('532528101');
    expect(caseDivision('532528', '532528101')).toBe('532528101');
    expect(caseDivision('532528', null)).toBe('532528');
    expect(caseDivision(null, null)).toBeNull();
  });
});

describe('joining a case', () => {
  const now = bj('2026-12-04T12:00:00');
  const c = (id: number, openingId: number | null, hoursAgo: number, status = 'open', codeGiven: string | null = null) => ({ id, openingId, codeGiven, status, createdAt: new Date(now.getTime() - hoursAgo * 3_600_000) });

  it('joins the same opening within a day, not after, not a closed case, not another opening', () => {
    expect(caseToJoin([c(1, 7, 2)], { openingId: 7, codeGiven: null }, now, false)?.id).toBe(1);
    expect(caseToJoin([c(1, 7, 25)], { openingId: 7, codeGiven: null }, now, false)).toBeNull();
    expect(caseToJoin([c(1, 7, 2, 'closed')], { openingId: 7, codeGiven: null }, now, false)).toBeNull();
    expect(caseToJoin([c(1, 7, 2)], { openingId: 8, codeGiven: null }, now, false)).toBeNull();
    // No opening named twice: one case; a code no opening has joins only the same code.
    expect(caseToJoin([c(1, null, 1)], { openingId: null, codeGiven: null }, now, false)?.id).toBe(1);
    expect(caseToJoin([c(1, null, 1, 'open', '9999')], { openingId: null, codeGiven: '8888' }, now, false)).toBeNull();
  });

  it('past the daily number of new cases every report joins the latest', () => {
    expect(caseToJoin([c(1, 7, 5), c(2, 8, 1)], { openingId: 9, codeGiven: null }, now, true)?.id).toBe(2);
  });
});

describe('the opening implied by a report without a code', () => {
  it('is the one hire, else the one application, else none', () => {
    expect(impliedOpening([{ openingId: 3, status: 'hired' }, { openingId: 4, status: 'applied' }])).toBe(3);
    expect(impliedOpening([{ openingId: 4, status: 'applied' }])).toBe(4);
    expect(impliedOpening([{ openingId: 4, status: 'applied' }, { openingId: 5, status: 'applied' }])).toBeNull();
    expect(impliedOpening([{ openingId: 3, status: 'hired' }, { openingId: 5, status: 'hired' }])).toBeNull();
    expect(impliedOpening([])).toBeNull();
  });
});

describe('numbers and words', () => {
  it('writes and reads case numbers', () => {
    expect(caseNumber(42)).toBe('AJ42');
    expect(parseCaseNumber('aj 42')).toBe(42);
    expect(parseCaseNumber('AJ0042')).toBe(42);
    expect(parseCaseNumber('AJ99999999999')).toBeNull();
    expect(parseCaseNumber('1003 老板')).toBeNull();
  });

  it('keeps the words clean and bounded', () => {
    expect(caseWords('老板\u0000不发\n\n工资')).toBe('老板 不发 工资');
    const long = caseWords('欠'.repeat(5000));
    expect([...long]).toHaveLength(1000);
    expect(long.endsWith('…')).toBe(true);
  });
});
