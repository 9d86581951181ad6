import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AuditRecordSchema } from '../../../main/core/audit/audit-record.ts';
import { CSV_COLUMNS } from '../../../main/core/audit/search/export.ts';
import { AUDIT_FIELD_NAMES } from '../../../preload/contract/audit-record-fields.ts';
import { ActivityRecordSchema } from '../../../preload/contract/activity-record.ts';

describe('the audit record fields', () => {
  it('are the fields of the log schema, in the order the hash covers', () => {
    assert.deepEqual(Object.keys(AuditRecordSchema.shape), AUDIT_FIELD_NAMES);
  });

  it("are the fields of the window's record, every one", () => {
    assert.deepEqual(Object.keys(ActivityRecordSchema.shape), AUDIT_FIELD_NAMES);
  });

  it('are all exported to CSV but the chain link and the signature', () => {
    const exported = new Set<string>(CSV_COLUMNS);
    assert.deepEqual(
      AUDIT_FIELD_NAMES.filter((field) => !exported.has(field)),
      ['prev', 'mac'],
    );
    assert.equal(exported.size, CSV_COLUMNS.length, 'no column twice');
  });
});
