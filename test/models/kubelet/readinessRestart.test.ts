/**
 * Regression (issue #12's readiness bug): a restarted container starts not ready — the readiness worker's initial
 * result is Failure for every new container instance — and joins its Services only after its own readiness probe
 * succeeds, so no request reaches it before then. Upstream: pkg/kubelet/prober/worker.go (a new container ID resets
 * the worker to its initial result).
 */
import { addMicros, milliseconds, seconds, subMicros, toSeconds } from '../../../engine/time';
import type { RequestRecord } from '../../../models/recorder';
import { behavior, container, fixed, pod, podSpec, probe, run, scenario, service, steps, traffic } from '../../support/build';

test('after a crash and restart, no request reaches the pod before its first readiness success', () => {
  // given pods a and b behind one Service (RoundRobin, kube-proxy sync 1 s), readiness probes every 5 s from the
  // pod's admission at 0; b is ready from its first tick at 0. a takes 2 s to start (running at 2), its readiness
  // fails until 12 s after each start, and it crashes 30 s after each start.
  //   first instance: running 2, first success at the tick ≥ 14 → Ready at 15, in the load balancer at 16;
  //   crash at 32 → not ready, out of the load balancer at 33; restart at once (no back-off for a first restart),
  //   running at 34; readiness fails until 46 → first success at the tick 50 → Ready at 50, back in at 51.
  const withProbe = podSpec({ containers: [container('app', { readinessProbe: probe({ period: seconds(5) }) })] });
  const s = scenario({
    duration: seconds(60),
    pods: [pod('a', { app: 'web', id: 'a' }, withProbe), pod('b', { app: 'web', id: 'b' }, withProbe)],
    behaviors: [
      behavior({ id: 'a' }, { containerStart: fixed(2), exit: { after: fixed(30), code: { values: [1], weights: [1] } }, probes: { readiness: steps([0, 'failure'], [12, 'success']) } }),
    ],
    services: [service('web', { app: 'web' })],
    traffic: [traffic('t', 'web', 10, 10)],
  });
  const { rec } = run(s, addMicros(s.duration, milliseconds(100)), { traceRequestsEvery: 1 });
  const sentAt = (r: RequestRecord) => toSeconds(subMicros(r.time, r.latency));
  const toA = rec.requests.filter((r) => r.pod === 'a');
  // when: the restarted container is running from 34 s but not ready until 50 s
  const readyRows = rec.pods.filter((p) => p.pod === 'a' && p.time >= seconds(32)).map((p) => [toSeconds(p.time), p.ready]);
  expect(readyRows.filter(([, ready]) => ready).map(([t]) => t)[0]).toBe(50);
  // then: nothing is routed to a between its removal (33 s) and its return after the sync delay (51 s) ...
  expect(toA.filter((r) => sentAt(r) > 33 && sentAt(r) <= 51)).toEqual([]);
  // ... and it serves again after that (10 rps over two pods for 9 s: about 45 requests)
  expect(toA.filter((r) => sentAt(r) > 51 && r.outcome === 'success').length).toBeGreaterThan(40);
});
