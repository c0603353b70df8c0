/**
 * Opens k8sim report's HTML in a real headless Chromium (Debian's chromium-headless-shell, installed by .ci/run):
 * every chart figure holds one <svg> with data marks and a visible width, and the page logs no console error and loads
 * nothing from the network. Fails (does not skip) when no browser is installed.
 */
import * as path from 'node:path';
import { k8sim, tempDir } from '../support/cli';
import { browserPath, openInBrowser } from '../support/browser';

jest.setTimeout(120000);

describe('k8sim report in a headless browser', () => {
  const tmp = tempDir('k8sim-report-browser-');

  it('finds the browser', () => {
    expect(browserPath()).toMatch(/chromium/);
  });

  it.each([
    ['run', ['run', 'scenarios/examples/hpa-walkthrough.yaml', '-q'], 6],
    // crashloop: a bare pod without a CPU request — no replicas or CPU chart (notes instead), every drawn chart has marks.
    ['crashloop', ['run', 'scenarios/examples/crashloop.yaml', '-q'], 4],
    ['cluster-autoscaler', ['run', 'scenarios/examples/cluster-autoscaler.yaml', '-q'], 7],
    ['sweep', ['sweep', 'scenarios/examples/sweeps/replicas.yaml', '--summary-only', '-q', '--workers', '1'], 5],
  ])('renders every chart of a %s report with no console error', async (name, args, charts) => {
    const out = path.join(tmp, name as string);
    expect(k8sim([...(args as string[]), '--out', out]).code).toBe(0);
    expect(k8sim(['report', out]).code).toBe(0);
    const page = await openInBrowser(path.join(out, 'report.html'));
    expect(page.errors).toEqual([]);
    expect(page.charts).toHaveLength(charts as number);
    for (const c of page.charts) {
      expect({ id: c.id, svgs: c.svgs }).toEqual({ id: c.id, svgs: 1 });
      expect(c.marks).toBeGreaterThan(0);
      expect(c.width).toBeGreaterThan(100);
    }
  });
});
