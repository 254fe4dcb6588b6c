import { beforeAll, describe, expect, it } from 'vitest';
import { loadDivisions } from '../../src/data/divisions.js';
import { createMessageReader, type ReadMessage } from '../../src/domain/message-reader.js';
import { createPlaceIndex } from '../../src/domain/places.js';
import { isReport, reportCode } from '../../src/domain/reader-report.js';

/**
 * Reports (举报, 欠薪, issue #17 §2): what opens a case, and the many texts with 工资, 骗, 扣 or
 * 押金 that do not (a question about pay, a worry, doubt about us, our charges), and opt-outs
 * that stay opt-outs whatever else they say (recall first).
 */
let read: (text: string) => ReadMessage;
beforeAll(() => {
  read = createMessageReader({ places: createPlaceIndex(loadDivisions(['5325'])) });
});

describe('reports', () => {
  it.each([
    ['举报 1003 老板骗人', '1003'],
    ['欠薪', null],
    ['没拿到工资', null],
    ['老板不发工资', null],
    ['骗人的', null],
    ['收我押金', null],
    ['被扣了工资', null],
    // Dialect and speech.
    ['老板莫得给工钱', null],
    ['干了两个月一分钱都没拿到', null],
    ['工资拖了三个月了', null],
    ['老板压了我两个月工资', null],
    ['老板跑路了 工钱没结', null],
    ['工钱到现在都没给', null],
    ['上次介绍那个厂工资到现在还没给', null],
    ['那个厂收了我200块押金不退', null],
    ['上当了 那个厂根本不招人', null],
    ['讨薪', null],
    ['扣我工资', null],
    ['我要投诉1003那个厂', '1003'],
    ['BM1003那个厂骗人的', '1003'],
    // Typos, traditional characters, pinyin.
    ['欠心', null],
    ['没拿到公资', null],
    ['老板不給工資', null],
    ['jubao 1003', '1003'],
    // Money is no code: the worker is not told no opening has it.
    ['中介收了我500介绍费', null],
    ['老板欠我3000块', null],
  ])('%s → report (code %s)', (text, code) => {
    const r = read(text);
    expect(r.intent, text).toBe('report');
    expect(r.code, text).toBe(code);
  });

  it('reads a very long report in linear time and keeps its code', () => {
    const long = `举报1003 ${'老板不发工资 '.repeat(2000)}`;
    const t = Date.now();
    const r = read(long);
    expect(r.intent).toBe('report');
    expect(r.code).toBe('1003');
    expect(Date.now() - t).toBeLessThan(2000);
    expect(isReport('x'.repeat(5000))).toBe(false);
  });

  it('drops a number that is money from the code', () => {
    expect(reportCode('押金200不退', '200')).toBeNull();
    expect(reportCode('举报1003', '1003')).toBe('1003');
    expect(reportCode('欠我1500', '1500')).toBeNull();
  });
});

describe('not reports: pay questions, worries, doubt about us, our charges', () => {
  it.each([
    '工资多少',
    '工资什么时候发',
    '发不发工资',
    '工资怎么算',
    '工资高不高',
    '工资日结吗',
    '工资每个月几号发',
    '工资能不能按天给',
    '工资是不是日结',
    '一个月工资多少钱',
    '2088一天给多少',
    '工资不高',
    '工资没问题',
    '老板人好 工资按时发',
    '老板说下周发工资',
    '发工资了 谢谢',
    '工资发了没',
    '骗子',
    '你们是不是骗人的',
    '莫是骗人的哦',
    '这个不会是骗人的吧',
    '招工是真的吗 不会是骗人的吧',
    '别骗人哦',
    '不想被骗',
    '我怕被骗',
    '有没有不骗人的厂',
    '会不会扣钱',
    '会扣工资吗',
    '扣不扣工资',
    '迟到扣钱吗',
    '不会被扣话费吧',
    '回R会不会扣钱',
    '要扣社保吗',
    '报名要押金吗',
    '要不要交押金',
    '押金多少',
    '押金退不退',
    '不用押金的厂有吗',
    '不发工资的厂我不去',
    '怕老板不发工资',
    '听说那个厂不发工资 是真的吗',
    '手机欠费了',
    '算了 不举报了',
    '我不投诉了 老板已经给了',
  ])('%s is no report', (text) => {
    expect(read(text).intent, text).not.toBe('report');
  });
});

describe('opt-outs stay opt-outs', () => {
  it.each(['骗子 别再发了', '再发就举报你们', '你们是骗子吧 再发我就投诉', '再发我就打12321举报了', 'TD 骗人的', '退订', '骗子 别发了', '老板不发工资 你们也别发了', '欠薪的厂 退订', '你们是骗子吧我从来没有订过什么东西赶快把我号码去掉不然我投诉你们'])(
    '%s → unsubscribe',
    (text) => {
      expect(read(text).intent, text).toBe('unsubscribe');
    },
  );
});
