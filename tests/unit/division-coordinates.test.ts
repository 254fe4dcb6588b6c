import { describe, expect, it } from 'vitest';
import { parseCoordinateRecords } from '../../src/domain/division-coordinates.js';

describe('coordinate file rows', () => {
  const known = (c: string) => ['532528102', '532528103', '532528102201'].includes(c);

  it('reads good rows under either header spelling', () => {
    const r = parseCoordinateRecords(
      [
        { code: '532528102', latitude: '23.22', longitude: '102.74', name: '新街镇' },
        { code: '532528102201', lat: '23.1', lng: '102.8' },
      ],
      known,
    );
    expect(r.problems).toEqual([]);
    expect(r.rows).toEqual([
      { divisionCode: '532528102', latitude: 23.22, longitude: 102.74 },
      { divisionCode: '532528102201', latitude: 23.1, longitude: 102.8 },
    ]);
  });

  it('names each bad line and why', () => {
    const r = parseCoordinateRecords(
      [
        { code: '5325', latitude: '23', longitude: '102' },
        { code: '532528999', latitude: '23', longitude: '102' },
        { code: '532528102', latitude: '102.7', longitude: '23.2' },
        { code: '532528103', latitude: 'x', longitude: '102' },
        { code: '532528102', latitude: '23.2', longitude: '102.7' },
        { code: '532528102', latitude: '23.2', longitude: '102.7' },
      ],
      known,
    );
    expect(r.problems.map((p) => p.line)).toEqual([2, 3, 4, 5, 7]);
    expect(r.problems[2]!.message).toMatch(/latitude/);
    expect(r.problems[4]!.message).toMatch(/already given on line 6/);
    expect(r.rows).toHaveLength(1);
  });
});

describe('coordinate numbers', () => {
  it('takes decimal degrees only: hex, exponents and words are bad lines', () => {
    const known = () => true;
    const r = parseCoordinateRecords(
      [
        { code: '532528101', latitude: '0x17', longitude: '102.8' },
        { code: '532528102', latitude: '2.3e1', longitude: '102.8' },
        { code: '532528103', latitude: '23', longitude: 'Infinity' },
        { code: '532528104', latitude: '23.5', longitude: '+102.75' },
      ],
      known,
    );
    expect(r.problems.map((p) => p.line)).toEqual([2, 3, 4]);
    expect(r.rows).toEqual([{ divisionCode: '532528104', latitude: 23.5, longitude: 102.75 }]);
  });
});
