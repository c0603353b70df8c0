/**
 * `k8sim get` and `k8sim describe` on the examples' traces as the golden fixtures keep them
 * (test/golden/fixtures/<example>/, byte-identical to a fresh `k8sim run` of the example: test/golden). Every expected
 * table is derived by hand from the CSV rows named in its comment.
 */
import * as path from 'node:path';
import { k8sim, ROOT } from '../support/cli';

const fixture = (name: string) => path.join(ROOT, 'test', 'golden', 'fixtures', name);

function ok(args: string[]): string {
  const r = k8sim(args);
  if (r.code !== 0) throw new Error(`k8sim ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
  return r.stdout;
}

describe('get pods', () => {
  test('crashloop at 5m: CrashLoopBackOff, 5 restarts, the last crash 2m ago', () => {
    // pods.csv rows up to 300 s: the last, at 180 s, is `app,waiting,CrashLoopBackOff,,5` with ready false (0/1);
    // the row before it, at 180 s, terminated the container (Error, exit 1): 300 − 180 = 120 s → HumanDuration "2m".
    // The pod's first row is at 0: AGE 300 s → "5m". Column widths: max(10, widest + 3).
    expect(ok(['get', 'pods', '--at', '5m', fixture('crashloop')])).toBe(
      'NAME      READY     STATUS             RESTARTS     AGE\n' + //
        'web-0     0/1       CrashLoopBackOff   5 (2m ago)   5m\n',
    );
  });

  test('batch at 30s: Error, a restart 10s ago, Completed after an init container', () => {
    // fails-once: 10 s `Failed,false,Error,work,terminated,Error,2,0` → Error, 0 restarts.
    // flaky: 30 s `Running,true,Running,work,running,,,2`; its last termination at 20 s → "2 (10s ago)", ready 1/1.
    // report-ok: 30 s `Succeeded,false,Completed,report,terminated,Completed,0,0` → 0/1 Completed.
    // with-init: `Init:0/1` at 0 (one init container, migrate, the first seen), main Completed at 25 s → 0/1 Completed.
    expect(ok(['get', 'po', '--at', '30s', fixture('batch')])).toBe(
      [
        'NAME         READY     STATUS      RESTARTS      AGE',
        'fails-once   0/1       Error       0             30s',
        'flaky        1/1       Running     2 (10s ago)   30s',
        'report-ok    0/1       Completed   0             30s',
        'with-init    0/1       Completed   0             30s',
        '',
      ].join('\n'),
    );
  });

  test('batch at 1s with -o wide: Init:0/1 and the wide columns', () => {
    // with-init at 0: `Init:0/1`, containers migrate (init) and main (app, waiting PodInitializing) → 0/1; node-2.
    const out = ok(['get', 'pods', '--at', '1s', '-o', 'wide', fixture('batch')]).split('\n');
    expect(out[0]).toBe('NAME         READY     STATUS     RESTARTS   AGE       IP          NODE      NOMINATED NODE   READINESS GATES');
    expect(out[4]).toBe('with-init    0/1       Init:0/1   0          1s        <unknown>   node-2    <unknown>        <none>');
  });

  test('rolling-update at 67s: a pod in its preStop is Terminating', () => {
    // pods.csv line 30: 65 s `web-graceful-5bb7979586-5mfxm,node-3,Running,true,Terminating`; its container is
    // terminated only at 70 s (line 37), so at 67 s it is still running and the pod Ready: 1/1 Terminating.
    const line = ok(['get', 'pods', '--at', '67s', fixture('rolling-update')])
      .split('\n')
      .find((l) => l.startsWith('web-graceful-5bb7979586-5mfxm'));
    expect(line?.split(/\s{2,}/)).toEqual(['web-graceful-5bb7979586-5mfxm', '1/1', 'Terminating', '0', '67s']);
  });

  test('drain: -A adds NAMESPACE; a pod deleted at 80 s is gone at 80 s', () => {
    // pods.csv line 37: 80 s `web-955c5d669-mq57x … Deleted`: present at 79 s, absent at 80 s.
    expect(ok(['get', 'pods', '-A', '--at', '79s', fixture('drain')])).toMatch(/^NAMESPACE {3}NAME {18}.*\ndefault {5}web-955c5d669-/);
    expect(ok(['get', 'pods', '--at', '79s', fixture('drain')])).toContain('web-955c5d669-mq57x');
    expect(ok(['get', 'pods', '--at', '80s', fixture('drain')])).not.toContain('web-955c5d669-mq57x');
  });

  test('another namespace: kubectl\'s "No resources found" on stderr, exit 0', () => {
    const r = k8sim(['get', 'pods', '-n', 'kube-system', fixture('crashloop')]);
    expect([r.code, r.stdout, r.stderr]).toEqual([0, '', 'No resources found in kube-system namespace.\n']);
  });
});

test('get nodes: a cordoned node is Ready,SchedulingDisabled', () => {
  // drain nodes.csv: 60 s `worker-1,True,false,…` (cordoned); worker-2 and worker-3 stay True,true from 0 s.
  expect(ok(['get', 'nodes', '--at', '70s', fixture('drain')])).toBe(
    [
      'NAME       STATUS                     ROLES       AGE       VERSION',
      'worker-1   Ready,SchedulingDisabled   <unknown>   70s       <unknown>',
      'worker-2   Ready                      <unknown>   70s       <unknown>',
      'worker-3   Ready                      <unknown>   70s       <unknown>',
      '',
    ].join('\n'),
  );
});

test('get deployments and replicasets from the last workloads.csv sample', () => {
  // drain workloads.csv at 70 s: `Deployment,web,6,6,5,5` and `ReplicaSet,web-955c5d669,6,6,5,5`: READY 5/6,
  // UP-TO-DATE = the newest ReplicaSet's current (6), AVAILABLE 5; first sampled at 0 → AGE 70s.
  expect(ok(['get', 'deployments', '--at', '70s', fixture('drain')])).toBe(
    'NAME      READY     UP-TO-DATE   AVAILABLE   AGE\n' + //
      'web       5/6       6            5           70s\n',
  );
  expect(ok(['get', 'rs', '--at', '75s', fixture('drain')])).toBe(
    'NAME            DESIRED   CURRENT   READY     AGE\n' + //
      'web-955c5d669   6         6         5         75s\n',
  );
});

test('get hpa: the value of the latest sync; the target and bounds are not in hpa.csv', () => {
  // hpa-walkthrough hpa.csv at 180 s: `php-apache,…,Deployment,php-apache,8,8,8,cpu,47,…` → cpu 47, 8 replicas.
  expect(ok(['get', 'hpa', '--at', '3m', fixture('hpa-walkthrough')])).toBe(
    'NAME         REFERENCE               TARGETS             MINPODS     MAXPODS     REPLICAS   AGE\n' +
      'php-apache   Deployment/php-apache   cpu: 47/<unknown>   <unknown>   <unknown>   8          3m\n',
  );
});

test('get events: one row per Event, LAST SEEN from its last emission, ordered by it', () => {
  // crashloop events.csv up to 20 s: rows 2-6 at 0 (Scheduled, Pulling, Pulled, Created, Started), then Pulled
  // "already present" count 1 at 5 and 2 at 20, Created and Started counts 2 at 5 and 3 at 20, BackOff 1 at 10.
  const out = ok(['get', 'events', '--at', '20s', fixture('crashloop')]).split('\n');
  expect(out.map((l) => l.split(/\s{2,}/).slice(0, 4).join('|'))).toEqual([
    'LAST SEEN|TYPE|REASON|OBJECT',
    '20s|Normal|Scheduled|pod/web-0',
    '20s|Normal|Pulling|pod/web-0',
    '20s|Normal|Pulled|pod/web-0',
    '10s|Warning|BackOff|pod/web-0',
    '0s|Normal|Pulled|pod/web-0',
    '0s|Normal|Created|pod/web-0',
    '0s|Normal|Started|pod/web-0',
    '',
  ]);
});

test('describe pod: State, Last State, Restart Count and the Events table with counts', () => {
  // crashloop at 300 s: pods.csv line 20 (waiting CrashLoopBackOff, 5 restarts) and line 19 (terminated Error, exit 1,
  // at 180 s = Last State). events.csv: Pulled "already present" counts 1..5 at 5, 20, 45, 90, 175 → last 125 s ago
  // (2m5s), first 295 s ago (4m55s); Created and Started counts 1..6 at 0 … 175 → "2m5s (x6 over 5m)"; BackOff
  // counts 1..5 at 10 … 180 → "2m (x5 over 4m50s)".
  const out = ok(['describe', 'pod', 'web-0', '--at', '5m', fixture('crashloop')]);
  expect(out).toBe(
    [
      'Name:        web-0',
      'Namespace:   default',
      'Priority:    <unknown>',
      'Node:        node-1',
      'Start Time:  +0s',
      'Labels:      <unknown>',
      'Status:      Running',
      'IP:          <unknown>',
      'Containers:',
      '  app:',
      '    Image:          <unknown>',
      '    State:          Waiting',
      '      Reason:       CrashLoopBackOff',
      '    Last State:     Terminated',
      '      Reason:       Error',
      '      Exit Code:    1',
      '      Finished:     +3m0s',
      '    Ready:          False',
      '    Restart Count:  5',
      'Conditions:',
      '  Type   Status',
      '  Ready  False',
      'Events:',
      '  Type     Reason     Age                   From               Message',
      '  ----     ------     ----                  ----               -------',
      '  Normal   Scheduled  5m                    default-scheduler  Successfully assigned default/web-0 to node-1',
      '  Normal   Pulling    5m                    kubelet            Pulling image "busybox:1.36"',
      '  Normal   Pulled     5m                    kubelet            Successfully pulled image "busybox:1.36" in 0s (0s including waiting)',
      '  Normal   Pulled     2m5s (x5 over 4m55s)  kubelet            Container image "busybox:1.36" already present on machine',
      '  Normal   Created    2m5s (x6 over 5m)     kubelet            Created container: app',
      '  Normal   Started    2m5s (x6 over 5m)     kubelet            Started container app',
      '  Warning  BackOff    2m (x5 over 4m50s)    kubelet            Back-off restarting failed container app in pod web-0_default(8ed98433-56f8-4fca-89d3-e5b3ec62adc7)',
      '',
    ].join('\n'),
  );
});

test('describe node: allocatable, requests with percentages, its pods and Events', () => {
  // drain nodes.csv at 60 s (line 12): worker-1 cordoned, cpu 500 of 2000 m (25 %), memory 268435456 of 8589934592
  // bytes (262144Ki, 3.125 % → 3 %), 1 pod: web-955c5d669-mq57x (deleted only at 80 s). events.csv: NodeNotSchedulable
  // at 60 s → 10s ago.
  const out = ok(['describe', 'node', 'worker-1', '--at', '70s', fixture('drain')]);
  expect(out).toContain('Unschedulable:      true\n');
  expect(out).toContain('  cpu:                2\n  memory:             8388608Ki\n');
  expect(out).toContain('Non-terminated Pods:  (1 in total)\n');
  expect(out).toContain('  default             web-955c5d669-mq57x  70s\n');
  expect(out).toContain('  cpu       500m (25%)\n  memory    262144Ki (3%)\n');
  expect(out).toContain('  Normal  NodeNotSchedulable  10s   kubelet  Node worker-1 status is now: NodeNotSchedulable\n');
});

test('describe deployment and hpa', () => {
  // drain workloads.csv at 70 s: desired 6, current 6, available 5; ReplicaSet web-955c5d669 desired 6, current 6.
  const d = ok(['describe', 'deployment', 'web', '--at', '70s', fixture('drain')]);
  expect(d).toContain('Replicas:           6 desired | 6 updated | 6 total | 5 available | 1 unavailable\n');
  expect(d).toContain('NewReplicaSet:      web-955c5d669 (6/6 replicas created)\n');
  // hpa-walkthrough hpa.csv at 180 s: current 8, desired 8, ReadyForNewScale / ValidMetricFound / DesiredWithinRange.
  const h = ok(['describe', 'hpa', 'php-apache', '--at', '3m', fixture('hpa-walkthrough')]);
  expect(h).toContain('Deployment pods:    8 current / 8 desired\n');
  expect(h).toContain('  AbleToScale     True    ReadyForNewScale    <unknown>\n');
  expect(h).toContain('  ScalingLimited  False   DesiredWithinRange  <unknown>\n');
  // SuccessfulRescale events at 75 s (New size: 4) and 90 s (New size: 8): 105s and 90s before 180 s.
  expect(h).toMatch(/Normal {3}SuccessfulRescale {13}105s {2}horizontal-pod-autoscaler {2}New size: 4;/);
});

describe('bad input: one line, exit 2, nothing on stdout', () => {
  test.each<[string[], RegExp]>([
    [['get', 'hpa', fixture('crashloop')], /^k8sim: error: .*crashloop\/hpa\.csv: get hpa needs hpa\.csv, which this run did not write \(hpa\.csv is written only when the scenario has a HorizontalPodAutoscaler\)\n$/],
    [['get', 'pods', '-l', 'app=web', fixture('crashloop')], /^k8sim: error: -l: labels are not in the traces/],
    [['get', 'pods', '--at', '2h', fixture('crashloop')], /^k8sim: error: --at: 2h is after the end of the run \(30m0s/],
    [['get', 'pods', '--at', 'soon', fixture('crashloop')], /^k8sim: error: --at: expected a virtual time like 90s/],
    [['get', 'widgets', fixture('crashloop')], /^k8sim: error: widgets: unknown resource type/],
    [['describe', 'pod', 'nope', fixture('crashloop')], /^Error from server \(NotFound\): pods "nope" not found\n$/],
    [['get', 'pods', '/nonexistent/out'], /^k8sim: error: \/nonexistent\/out: no such folder/],
  ])('k8sim %j', (args, message) => {
    const r = k8sim(args);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
  });
});
