import { seconds } from '../../../engine/time';
import { deployment, runCa, scenario } from './harness';
it('bench', () => {
  const yaml = scenario({
    pools: ['{namePrefix: ng, count: 20, min: 5, max: 400, cpu: 4, memory: 16Gi}'],
    ca: '{}',
    docs: [deployment('app', 50, '500m', '512Mi')],
    timeline: ['{at: 60s, action: scale, target: deploy/app, replicas: 2500}', '{at: 3h, action: scale, target: deploy/app, replicas: 300}', '{at: 12h, action: scale, target: deploy/app, replicas: 1500}'],
    duration: '24h',
  });
  const t0 = Date.now();
  const { sim, rec, ca } = runCa(yaml, { registered: 40, ready: 60 });
  sim.runUntil(seconds(24 * 3600));
  console.log('wall', Date.now() - t0, 'ms; rows', rec.nodeAutoscalerRows.length, 'nodes', [...sim.ctx.store.nodes].length, 'target', ca.groups[0].target);
  const counts: Record<string, number> = {};
  for (const r of rec.nodeAutoscalerRows) counts[r.action] = (counts[r.action] ?? 0) + 1;
  console.log(JSON.stringify(counts));
  const reasons: Record<string, number> = {};
  for (const r of rec.nodeAutoscalerRows) if (r.action === 'no-scale-up') reasons[r.reason.slice(0, 60)] = (reasons[r.reason.slice(0, 60)] ?? 0) + 1;
  console.log(JSON.stringify(reasons));
}, 600000);
