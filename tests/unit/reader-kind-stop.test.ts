import { beforeAll, describe, expect, it } from 'vitest';
import { loadDivisions } from '../../src/data/divisions.js';
import { createMessageReader, type ReadMessage } from '../../src/domain/message-reader.js';
import { createPlaceIndex } from '../../src/domain/places.js';

// A stop said beside a kind of job (夜班的, 包住的, 这种活) may refuse only that kind: never a sure
// opt-out; alerts stop at once and the worker is asked (TD 退订 / 1 继续). Plain stops stay sure.
let read: (text: string) => ReadMessage;
beforeAll(() => {
  read = createMessageReader({ places: createPlaceIndex(loadDivisions(['5325'])) });
});

describe('a stop beside a kind of job', () => {
  it.each(['夜班的不需要了 不要发了', '住宿不需要了 不要发包住的', '这种活不要发了', '太远了 不要发了', '宿舍的不要发了 我住家里'])('%s: unclear, asked', (text) => {
    const r = read(text);
    expect([r.intent === 'unsubscribe' ? r.optOut : 'not a stop']).not.toContain('sure');
  });

  it.each(['TD', '退订', '不要再发了', '以后不要发了', '别发了 烦死了', '离家太远 以后都不要发了', '夜班的也不要 全部都不要发了', '太远了 退订'])('%s: still a sure opt-out', (text) => {
    expect(read(text)).toMatchObject({ intent: 'unsubscribe', optOut: 'sure' });
  });
});

describe('stops a twelfth blind set found missed (kinds, not its texts)', () => {
  it.each(['我不想再收到任何招工信息', '不想再接收你们的招工短信', '不消得发喽 家头有田种'])('%s: a sure opt-out', (text) => {
    expect(read(text)).toMatchObject({ intent: 'unsubscribe', optOut: 'sure' });
  });
});
