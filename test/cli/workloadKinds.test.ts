/**
 * A manifests folder with every kind of the workloads reference (issue #8): Deployment, ReplicaSet,
 * ReplicationController, Job, CronJob, DaemonSet, StatefulSet, PodDisruptionBudget, ResourceQuota, LimitRange and a
 * bare Pod — kubectl's own output where kubectl can create the kind (`kubectl create deployment|job|cronjob|pdb|quota
 * --dry-run=client -o yaml`), hand-written otherwise — loads without a skip warning and runs.
 */
import * as path from 'node:path';
import { k8sim, readCsv, tempDir } from '../support/cli';

const FOLDER = 'test/fixtures/scenarios/workload-kinds';

test('validate: every kind is read, none skipped', () => {
  const r = k8sim(['validate', FOLDER]);
  expect(r.code).toBe(0);
  expect(r.stderr).toBe('');
  // 5 workloads: web (Deployment), worker (ReplicaSet), legacy (ReplicationController), node-agent (DaemonSet), db (StatefulSet)
  expect(r.stdout).toContain('5 workloads, 1 bare pods, 3 static pods');
  expect(r.stdout).toContain('1 jobs, 1 cronjobs, 1 disruption budgets, 1 resource quotas, 1 limit ranges');
});

test('run: every workload kind has workloads.csv rows', () => {
  const out = tempDir();
  const r = k8sim(['run', FOLDER, '--duration', '2m', '--out', out, '--quiet']);
  expect(r.code).toBe(0);
  const kinds = new Set(readCsv(path.join(out, 'workloads.csv')).map((w) => w.kind));
  expect([...kinds].sort()).toEqual(['DaemonSet', 'Deployment', 'Job', 'ReplicaSet', 'ReplicationController', 'StatefulSet']);
  // The static pod etcd runs on each of the pool's 3 nodes as the mirror pod etcd-<node>.
  const pods = new Set(readCsv(path.join(out, 'pods.csv')).filter((p) => p.pod.startsWith('etcd-')).map((p) => `${p.namespace}/${p.pod}`));
  expect([...pods].sort()).toEqual(['kube-system/etcd-node-1', 'kube-system/etcd-node-2', 'kube-system/etcd-node-3']);
});
