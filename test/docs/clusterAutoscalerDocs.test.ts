/** docs/scenario-reference.md lists every spec.clusterAutoscaler field with its default (issue #10). */
import { readFileSync } from 'fs';
import { join } from 'path';
import { CLUSTER_AUTOSCALER_FIELDS } from '../../models/clusterautoscaler/config';

const doc = readFileSync(join(__dirname, '../../docs/scenario-reference.md'), 'utf8');
const section = doc.slice(doc.indexOf('### clusterAutoscaler'), doc.indexOf('## kind: Behavior'));

describe('scenario-reference clusterAutoscaler table', () => {
  it.each(CLUSTER_AUTOSCALER_FIELDS.map((f) => [f]))('%s has a row', (field) => {
    expect(section).toMatch(new RegExp(`^\\| \`${field}\` \\|`, 'm'));
  });
  it('has no row for a field the reader does not know', () => {
    const rows = [...section.matchAll(/^\| `([a-zA-Z]+)` \|/gm)].map((m) => m[1]);
    expect(rows.filter((r) => !(CLUSTER_AUTOSCALER_FIELDS as readonly string[]).includes(r))).toEqual([]);
  });
});
