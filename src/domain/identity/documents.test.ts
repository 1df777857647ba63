import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DOCUMENT_TYPES, type DocumentType, isDocumentType, validateDocument } from './documents.ts';
import { makeResidentId, parseResidentId } from './resident-id.ts';

const TODAY = '2025-06-01';
const HK_PERMIT = makeResidentId('810000', '1995-07-01', '031');
const MACAO_PERMIT = makeResidentId('820000', '1999-12-20', '002');
const TAIWAN_RESIDENCE = makeResidentId('830000', '1988-10-10', '015');
// 2023 foreign permanent residence card: 9, province 33, nationality 840 (ISO 3166-1 numeric), birth date, sequence, check.
const FOREIGN_PR = makeResidentId('933840', '1985-07-20', '021');

describe('validateDocument', () => {
  it.each<[DocumentType, string, string, string | undefined, string | undefined]>([
    ['resident_id', '11010519491231002x', '11010519491231002X', '1949-12-31', 'female'],
    ['resident_id', '110105491231002', '11010519491231002X', '1949-12-31', 'female'],
    ['hmt_residence_permit', HK_PERMIT, HK_PERMIT, '1995-07-01', 'male'],
    ['hmt_residence_permit', MACAO_PERMIT, MACAO_PERMIT, '1999-12-20', 'female'],
    ['hmt_residence_permit', ` ${TAIWAN_RESIDENCE.slice(0, 9)} ${TAIWAN_RESIDENCE.slice(9)} `, TAIWAN_RESIDENCE, '1988-10-10', 'male'],
    ['passport', 'E12345678', 'E12345678', undefined, undefined],
    ['passport', 'g 1234 5678', 'G12345678', undefined, undefined],
    ['passport', 'ＥＡ１２３４５６７', 'EA1234567', undefined, undefined],
    ['passport', '12345', '12345', undefined, undefined],
    ['passport', 'X1234567890123456', 'X1234567890123456', undefined, undefined],
    ['hk_macau_permit', 'H12345678', 'H12345678', undefined, undefined],
    ['hk_macau_permit', 'm1234567890', 'M1234567890', undefined, undefined],
    ['taiwan_permit', '12345678', '12345678', undefined, undefined],
    ['taiwan_permit', '1234 567890', '1234567890', undefined, undefined],
    ['foreign_permanent_residence', 'usa123456789012', 'USA123456789012', undefined, undefined],
    ['foreign_permanent_residence', FOREIGN_PR, FOREIGN_PR, '1985-07-20', 'male'],
  ])('%s %j is valid as %s', (type, input, value, birthDate, sex) => {
    const expected = birthDate ? { ok: true, value, birthDate, sex } : { ok: true, value };
    expect(validateDocument(type, input, TODAY)).toEqual(expected);
  });

  it.each<[DocumentType, string, string]>([
    ['resident_id', '11010519491231002', 'format'],
    ['resident_id', makeResidentId('990101', '1990-01-01', '123'), 'area'],
    ['resident_id', '440524188001010014', 'birth_date'],
    ['resident_id', '110105194912310021', 'checksum'],
    ['hmt_residence_permit', '810000950701031', 'format'],
    ['hmt_residence_permit', `${HK_PERMIT}0`, 'format'],
    ['hmt_residence_permit', '11010519491231002X', 'area'],
    ['hmt_residence_permit', makeResidentId('810101', '1995-07-01', '031'), 'area'],
    ['hmt_residence_permit', makeResidentId('810000', '2030-01-01', '031'), 'birth_date'],
    ['hmt_residence_permit', HK_PERMIT.slice(0, 17) + (HK_PERMIT[17] === '0' ? '1' : '0'), 'checksum'],
    ['passport', 'ABCDEFGH', 'format'],
    ['passport', 'E123', 'format'],
    ['passport', 'E1234-5678', 'format'],
    ['passport', 'E12345678901234567', 'format'],
    ['passport', '护照E1234567', 'format'],
    ['hk_macau_permit', 'H1234567', 'format'],
    ['hk_macau_permit', 'H123456789', 'format'],
    ['hk_macau_permit', 'C12345678', 'format'],
    ['hk_macau_permit', '12345678', 'format'],
    ['taiwan_permit', '1234567', 'format'],
    ['taiwan_permit', '123456789', 'format'],
    ['taiwan_permit', '1234567890(B)', 'format'],
    ['taiwan_permit', 'T12345678', 'format'],
    ['foreign_permanent_residence', 'US123456789012', 'format'],
    ['foreign_permanent_residence', 'USA12345678901', 'format'],
    ['foreign_permanent_residence', makeResidentId('833840', '1985-07-20', '021'), 'format'],
    ['foreign_permanent_residence', makeResidentId('933840', '1985-02-30', '021'), 'birth_date'],
    ['foreign_permanent_residence', FOREIGN_PR.slice(0, 17) + (FOREIGN_PR[17] === '0' ? '1' : '0'), 'checksum'],
  ])('%s %j fails on %s', (type, input, rule) => {
    expect(validateDocument(type, input, TODAY)).toEqual({ ok: false, rule });
  });

  it('reports an unknown type instead of accepting the number', () => {
    expect(validateDocument('drivers_licence' as DocumentType, '12345678', TODAY)).toEqual({ ok: false, rule: 'type' });
  });

  it('gives the resident ID verdict for any input', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.stringMatching(/^\d{15}$|^\d{17}[\dXx]$/)), (input) => {
        const parsed = parseResidentId(input, TODAY);
        const doc = validateDocument('resident_id', input, TODAY);
        expect(doc.ok).toBe(parsed.ok);
        if (parsed.ok) expect(doc).toEqual({ ok: true, value: parsed.value, birthDate: parsed.birthDate, sex: parsed.sex });
        else expect(doc).toEqual(parsed);
      }),
    );
  });

  it('accepts only cleaned values, so a valid value validates to itself', () => {
    fc.assert(
      fc.property(fc.constantFrom(...DOCUMENT_TYPES), fc.string(), (type, input) => {
        const first = validateDocument(type, input, TODAY);
        if (first.ok) expect(validateDocument(type, first.value, TODAY)).toEqual(first);
      }),
    );
  });
});

describe('isDocumentType', () => {
  const cases: [string, boolean][] = [...DOCUMENT_TYPES.map((t): [string, boolean] => [t, true]), ['id_card', false], ['', false]];
  it.each(cases)('%j is %s', (s, expected) => {
    expect(isDocumentType(s)).toBe(expected);
  });
});
