import { describe, expect, it } from 'vitest';
import { canManageWorkshop, effectivePrefixes, inDivisionScope, prefixesOutsideScope, type Principal } from '../../src/domain/access.js';
import { canMoveOpening, isFilled } from '../../src/domain/opening-life.js';

const admin: Principal = { actor: 'admin:bootstrap', keyId: null, role: 'admin', divisionPrefixes: [], employerId: null };
const yuanyang: Principal = { actor: 'key:1', keyId: 1, role: 'caseworker', divisionPrefixes: ['532528'], employerId: null };
const twoTownships: Principal = { actor: 'key:2', keyId: 2, role: 'caseworker', divisionPrefixes: ['532528101', '532528102'], employerId: null };
const employer: Principal = { actor: 'key:3', keyId: 3, role: 'employer', divisionPrefixes: [], employerId: 7 };

describe('scope', () => {
  it('limits caseworkers to their division prefixes', () => {
    expect(inDivisionScope(yuanyang, '532528102211')).toBe(true);
    expect(inDivisionScope(yuanyang, '532503001')).toBe(false);
    expect(inDivisionScope(twoTownships, '532528101')).toBe(true);
    expect(inDivisionScope(twoTownships, '532528103')).toBe(false);
    expect(inDivisionScope(yuanyang, null)).toBe(false);
    expect(inDivisionScope(admin, null)).toBe(true);
    expect(inDivisionScope(employer, '532528101')).toBe(false);
  });

  it('lets employers manage their own workshops and stations those in their divisions', () => {
    expect(canManageWorkshop(employer, { employerId: 7, divisionCode: '532503001' })).toBe(true);
    expect(canManageWorkshop(employer, { employerId: 8, divisionCode: '532503001' })).toBe(false);
    expect(canManageWorkshop(employer, { employerId: null, divisionCode: '532503001' })).toBe(false);
    expect(canManageWorkshop(yuanyang, { employerId: 8, divisionCode: '532528101' })).toBe(true);
    expect(canManageWorkshop(yuanyang, { employerId: 7, divisionCode: '532503001' })).toBe(false);
  });

  it('narrows requested prefixes to the scope, and names the ones outside it', () => {
    expect(effectivePrefixes(admin)).toBeNull();
    expect(effectivePrefixes(admin, ['532503'])).toEqual(['532503']);
    expect(effectivePrefixes(yuanyang)).toEqual(['532528']);
    expect(effectivePrefixes(yuanyang, ['5325'])).toEqual(['532528']);
    expect(effectivePrefixes(yuanyang, ['532528101'])).toEqual(['532528101']);
    expect(effectivePrefixes(yuanyang, ['532503'])).toEqual([]);
    expect(effectivePrefixes(employer)).toEqual([]);
    expect(prefixesOutsideScope(yuanyang, ['5325', '532528101', '532503'])).toEqual(['532503']);
    expect(prefixesOutsideScope(twoTownships, ['532528', '532528103'])).toEqual(['532528103']);
    expect(prefixesOutsideScope(admin, ['532503'])).toEqual([]);
  });
});

describe("an opening's life", () => {
  it('moves draft → open → filled / closed / expired, and reopens', () => {
    expect(canMoveOpening('draft', 'open')).toBe(true);
    expect(canMoveOpening('open', 'filled')).toBe(true);
    expect(canMoveOpening('open', 'expired')).toBe(true);
    expect(canMoveOpening('filled', 'open')).toBe(true);
    expect(canMoveOpening('draft', 'filled')).toBe(false);
    expect(canMoveOpening('expired', 'closed')).toBe(false);
    expect(isFilled(2, 2)).toBe(true);
    expect(isFilled(1, 2)).toBe(false);
  });
});
