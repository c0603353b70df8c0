/**
 * The loader's Service, Traffic, Behavior `resources` / `serving` and Simulation `services` / `metrics`: what is
 * read, the defaults (scenarios/defaults.ts) and the located errors.
 */
import { InputError } from '../../scenarios/errors';
import { resolveScenario } from '../../scenarios/load';
import { errorOf, load, webDeployment } from './helpers';
import { milliseconds, seconds } from '../../engine/time';

const MI = 2 ** 20;
/** The shared Deployment `web` without its separator (the documents below add `---`). */
const DEPLOY = webDeployment().replace(/---\n$/, '');
const svc = (spec: string, meta = '') => `apiVersion: v1\nkind: Service\nmetadata:\n  name: web${meta}\nspec:\n${spec}`;
const SVC = svc('  selector: {app: web}\n  ports: [{port: 80}]');
const traffic = (spec: string) => `${SVC}\n---\napiVersion: k8sim/v1alpha1\nkind: Traffic\nmetadata: {name: t}\nspec:\n  service: web\n${spec}`;
const behavior = (spec: string) => `${DEPLOY}---\napiVersion: k8sim/v1alpha1\nkind: Behavior\nmetadata: {name: b}\nspec:\n  selector: {matchLabels: {app: web}}\n${spec}`;
const sim = (spec: string) => `apiVersion: k8sim/v1alpha1\nkind: Simulation\nmetadata: {name: s}\nspec:\n${spec}`;

describe('Service', () => {
  it('defaults: ClusterIP, no affinity, RoundRobin; type NodePort and LoadBalancer are read the same way', () => {
    expect(load(SVC).services[0]).toMatchObject({ namespace: 'default', name: 'web', type: 'ClusterIP', sessionAffinity: 'None', loadBalancing: 'RoundRobin', ports: [{ port: 80, protocol: 'TCP' }] });
    expect(load(svc('  type: LoadBalancer\n  selector: {app: web}')).services[0].type).toBe('LoadBalancer');
    expect(load(svc('  type: NodePort\n  selector: {app: web}')).services[0].type).toBe('NodePort');
  });

  it('ClientIP affinity: timeoutSeconds defaults to 10800 (3 h) and must be in 1..86400', () => {
    expect(load(svc('  selector: {app: web}\n  sessionAffinity: ClientIP')).services[0].affinityTimeoutSeconds).toBe(10800);
    expect(load(svc('  sessionAffinity: ClientIP\n  sessionAffinityConfig: {clientIP: {timeoutSeconds: 86400}}')).services[0].affinityTimeoutSeconds).toBe(86400);
    expect(errorOf(svc('  sessionAffinity: ClientIP\n  sessionAffinityConfig:\n    clientIP: {timeoutSeconds: 86401}'))).toBe(
      'x.yaml:8: spec.sessionAffinityConfig.clientIP.timeoutSeconds: must be greater than 0 and less than or equal to 86400, got 86401',
    );
    expect(errorOf(svc('  sessionAffinity: ClientIP\n  sessionAffinityConfig:\n    clientIP: {timeoutSeconds: 0}'))).toMatch(/timeoutSeconds: must be greater than 0/);
    // With None the API server clears the config: accepted and ignored.
    expect(load(svc('  sessionAffinity: None\n  sessionAffinityConfig: {clientIP: {timeoutSeconds: 5}}')).services[0].affinityTimeoutSeconds).toBeUndefined();
  });

  it('the policy comes from the k8sim.io/load-balancing annotation, else the Simulation setting', () => {
    expect(load(svc('  selector: {app: web}', '\n  annotations: {k8sim.io/load-balancing: Random}')).services[0].loadBalancing).toBe('Random');
    expect(load(`${sim('  services: {loadBalancing: Random}')}\n---\n${SVC}`).services[0].loadBalancing).toBe('Random');
    // The Simulation may come after the Service in load order.
    expect(load(`${SVC}\n---\n${sim('  services: {loadBalancing: Random}')}`).services[0].loadBalancing).toBe('Random');
    expect(errorOf(svc('  selector: {app: web}', '\n  annotations: {k8sim.io/load-balancing: LeastConn}'))).toBe(
      'x.yaml:5: metadata.annotations.k8sim.io/load-balancing: expected one of RoundRobin, Random, got "LeastConn"',
    );
  });

  it('no selector: no endpoints; ExternalName is skipped with a warning; names are DNS-1035 labels', () => {
    expect(load(svc('  ports: [{port: 80}]')).services[0].selector).toBeUndefined();
    const ext = load(svc('  type: ExternalName\n  externalName: db.example.com'));
    expect([ext.services.length, ext.warnings]).toEqual([0, ['x.yaml:1: skipped Service/web: k8sim does not model type ExternalName (it has no endpoints)']]);
    expect(errorOf('apiVersion: v1\nkind: Service\nmetadata: {name: 1web}\nspec: {}')).toMatch(/^x\.yaml:3: metadata\.name: invalid name "1web": a Service name must start with a lowercase letter/);
  });

  it('is checked against the upstream schema (unknown fields, enums)', () => {
    expect(errorOf(svc('  selectr: {app: web}'))).toBe('x.yaml:6: spec.selectr: unknown field "spec.selectr", did you mean "selector"?');
    expect(errorOf(svc('  sessionAffinity: Cookie'))).toMatch(/^x\.yaml:6: spec\.sessionAffinity: expected one of/);
  });
});

describe('Traffic', () => {
  it('defaults: poisson, 100 uniform clients, 10 ms of CPU, no memory, no timeout', () => {
    const [t] = load(traffic('  profile: {constant: 50}')).traffic;
    expect(t).toMatchObject({
      namespace: 'default',
      name: 't',
      service: 'web',
      profile: { kind: 'constant', rps: 50 },
      arrivals: 'poisson',
      clients: { count: 100, popularity: { kind: 'uniform' } },
      cpu: { kind: 'fixed', value: milliseconds(10) },
      memoryBytes: 0,
    });
    expect(t.timeout).toBeUndefined();
  });

  it('reads every field', () => {
    const [t] = load(traffic('  profile: {constant: 5}\n  arrivals: even\n  clients: {count: 7, popularity: {zipf: 1.5}}\n  request: {cpu: {exponential: {mean: 25ms}}, memory: 2Mi, timeout: 3s}')).traffic;
    expect(t).toMatchObject({ arrivals: 'even', clients: { count: 7, popularity: { kind: 'zipf', s: 1.5 } }, cpu: { kind: 'exponential', mean: milliseconds(25) }, memoryBytes: 2 * MI, timeout: seconds(3) });
  });

  it('profiles: steps (0 before the first), ramp, sine, diurnal', () => {
    const p = (yaml: string) => load(traffic(`  profile: ${yaml}`)).traffic[0].profile;
    expect(p('{steps: [{at: 1m, rps: 10}, {at: 2m, rps: 0}]}')).toEqual({
      kind: 'piecewise',
      interpolation: 'step',
      points: [
        { at: 0, rps: 0 },
        { at: seconds(60), rps: 10 },
        { at: seconds(120), rps: 0 },
      ],
    });
    expect(p('{ramp: {from: 1, to: 5, at: 10s, over: 20s}}')).toEqual({
      kind: 'piecewise',
      interpolation: 'linear',
      points: [
        { at: 0, rps: 1 },
        { at: seconds(10), rps: 1 },
        { at: seconds(30), rps: 5 },
      ],
    });
    expect(p('{sine: {min: 1, max: 3, period: 1h}}')).toEqual({ kind: 'sine', minRps: 1, maxRps: 3, period: seconds(3600), phase: 0 });
    expect(p('{diurnal: {min: 1, max: 3, peakAt: 14h}}')).toEqual({ kind: 'diurnal', minRps: 1, maxRps: 3, peakAt: seconds(14 * 3600) });
  });

  it('a CSV profile is read relative to the scenario file, its errors located in the CSV', () => {
    const at = (name: string, yaml: string) => resolveScenario([{ file: `test/fixtures/scenarios/traffic/${name}`, text: traffic(`  profile: ${yaml}`) }]);
    expect(at('s.yaml', '{csv: load.csv}').traffic[0].profile).toEqual({
      kind: 'piecewise',
      interpolation: 'linear',
      points: [
        { at: 0, rps: 10 },
        { at: seconds(60), rps: 30 },
        { at: seconds(120), rps: 20 },
      ],
    });
    expect((at('s.yaml', '{csv: {file: load.csv, interpolation: step}}').traffic[0].profile as { interpolation: string }).interpolation).toBe('step');
    const err = (yaml: string) => {
      try {
        at('s.yaml', yaml);
      } catch (e) {
        if (e instanceof InputError) return e.message;
        throw e;
      }
      return 'loaded';
    };
    expect(err('{csv: bad.csv}')).toBe('test/fixtures/scenarios/traffic/bad.csv:3: rps must be a number ≥ 0, got "-3"');
    expect(err('{csv: nope.csv}')).toBe('test/fixtures/scenarios/traffic/s.yaml:14: spec.profile.csv: cannot read nope.csv: ENOENT');
  });

  it('errors: unknown Service, missing or double profile, bad values', () => {
    expect(errorOf(`${SVC}\n---\napiVersion: k8sim/v1alpha1\nkind: Traffic\nmetadata: {name: t}\nspec:\n  service: api\n  profile: {constant: 1}`)).toBe(
      'x.yaml:13: spec.service: no Service "api" in namespace default (Services there: web)',
    );
    expect(errorOf(traffic('  arrivals: even'))).toBe('x.yaml:12: spec.profile: required field is missing (expected one of {constant: …}, {steps: …}, {ramp: …}, {sine: …}, {diurnal: …}, {csv: …})');
    expect(errorOf(traffic('  profile: {constant: 1, sine: {min: 1, max: 2, period: 1m}}'))).toBe('x.yaml:14: spec.profile: expected exactly one of constant, steps, ramp, sine, diurnal, csv, got constant and sine');
    expect(errorOf(traffic('  profile: {constant: -1}'))).toBe('x.yaml:14: spec.profile.constant: expected a number ≥ 0, got -1');
    expect(errorOf(traffic('  profile: {steps: [{at: 2m, rps: 1}, {at: 1m, rps: 2}]}'))).toBe('x.yaml:14: spec.profile.steps[1].at: steps must be in increasing order of `at`');
    expect(errorOf(traffic('  profile: {constant: 1}\n  request: {cpu: 0s}'))).toMatch(/spec\.request\.cpu: a request needs some CPU/);
    expect(errorOf(traffic('  profile: {constant: 1}\n  clients: {count: 0}'))).toBe('x.yaml:15: spec.clients.count: expected an integer ≥ 1, got 0');
    expect(errorOf(traffic('  profile: {constant: 1}\n  request: {cpus: 1ms}'))).toBe('x.yaml:15: spec.request.cpus: unknown field "spec.request.cpus", did you mean "cpu"?');
  });
});

describe('Traffic retry and closed-loop clients', () => {
  it('retry defaults: 2 attempts on every error, 25 ms doubling to 250 ms fully jittered, no budget; budget: {} is Finagle\'s', () => {
    const [t] = load(traffic('  profile: {constant: 5}\n  retry: {}')).traffic;
    expect(t.retry).toEqual({ attempts: 2, on: ['timeout', 'rejected', 'failed', 'no_endpoints'], backoff: { initial: milliseconds(25), max: milliseconds(250), multiplier: 2, jitter: 1 } });
    const [b] = load(traffic('  profile: {constant: 5}\n  retry: {budget: {}}')).traffic;
    expect(b.retry!.budget).toEqual({ ratio: 0.2, minPerSecond: 10, ttl: seconds(10) });
    expect(load(traffic('  profile: {constant: 5}')).traffic[0].retry).toBeUndefined();
  });

  it('reads every retry field; max defaults to 10 × initial; duplicates in `on` count once', () => {
    const [t] = load(
      traffic('  profile: {constant: 5}\n  retry:\n    attempts: 4\n    on: [timeout, failed, timeout]\n    backoff: {initial: 50ms, multiplier: 1.5, jitter: 0.2}\n    budget: {ratio: 0.1, minPerSecond: 3, ttl: 30s}'),
    ).traffic;
    expect(t.retry).toEqual({
      attempts: 4,
      on: ['timeout', 'failed'],
      backoff: { initial: milliseconds(50), max: milliseconds(500), multiplier: 1.5, jitter: 0.2 },
      budget: { ratio: 0.1, minPerSecond: 3, ttl: seconds(30) },
    });
  });

  it('retry errors are located', () => {
    const e = (retry: string) => errorOf(traffic(`  profile: {constant: 5}\n  retry: ${retry}`));
    expect(e('{attempts: 0}')).toBe('x.yaml:15: spec.retry.attempts: expected an integer ≥ 1, got 0');
    expect(e('{on: [timeout, 503]}')).toBe('x.yaml:15: spec.retry.on[1]: expected one of timeout, rejected, failed, no_endpoints, got 503');
    expect(e('{backoff: {jitter: 1.5}}')).toBe('x.yaml:15: spec.retry.backoff.jitter: expected a fraction between 0 and 1, got 1.5');
    expect(e('{backoff: {initial: 1s, max: 100ms}}')).toBe('x.yaml:15: spec.retry.backoff.max: expected max ≥ initial, got max 0.1 s < initial 1 s');
    expect(e('{backoff: {multiplier: 0.5}}')).toBe('x.yaml:15: spec.retry.backoff.multiplier: expected a number ≥ 1, got 0.5');
    expect(e('{budget: {ratio: -1}}')).toBe('x.yaml:15: spec.retry.budget.ratio: expected a number ≥ 0, got -1');
    expect(e('{budget: {ttl: 0s}}')).toMatch(/^x\.yaml:15: spec\.retry\.budget\.ttl: /);
    expect(e('{tries: 3}')).toMatch(/^x\.yaml:15: spec\.retry\.tries: unknown field/);
  });

  it('closed loop: clients.thinkTime (a distribution), no profile, arrivals or popularity', () => {
    const [t] = load(traffic('  clients: {count: 20, thinkTime: {exponential: {mean: 500ms}}}')).traffic;
    expect(t).toMatchObject({ clients: { count: 20 }, closedLoop: { thinkTime: { kind: 'exponential', mean: milliseconds(500) } } });
    expect(load(traffic('  clients: {thinkTime: 2s}')).traffic[0]).toMatchObject({ clients: { count: 100 }, closedLoop: { thinkTime: { kind: 'fixed', value: seconds(2) } } });
    expect(errorOf(traffic('  profile: {constant: 5}\n  clients: {thinkTime: 1s}'))).toBe('x.yaml:14: spec.profile: closed-loop clients (clients.thinkTime) set their own rate: remove profile');
    expect(errorOf(traffic('  arrivals: even\n  clients: {thinkTime: 1s}'))).toBe('x.yaml:14: spec.arrivals: closed-loop clients (clients.thinkTime) have no arrival law: remove arrivals');
    expect(errorOf(traffic('  clients: {thinkTime: 1s, popularity: {zipf: 1}}'))).toBe(
      'x.yaml:14: spec.clients.popularity: closed-loop clients (thinkTime) each send their own requests: remove popularity',
    );
    expect(errorOf(traffic('  clients: {thinkTime: {weibull: 1}}'))).toMatch(/^x\.yaml:14: spec\.clients\.thinkTime\.weibull: /);
  });
});

describe('Behavior resources and serving', () => {
  it('reads resources (millicores, bytes, a leak) and a serving block with its defaults', () => {
    const [b] = load(behavior('  resources: {cpu: 20m, memory: 64Mi, memoryLeak: {amount: 1Mi, per: 1m}}\n  serving: {discipline: FIFO, concurrency: 4}')).behaviors;
    expect(b.resources).toEqual({ cpuMilli: 20, memoryBytes: 64 * MI, memoryLeak: { bytes: MI, every: seconds(60) } });
    expect(b.serving).toEqual({ discipline: 'FIFO', concurrency: 4, queueLimit: Infinity, perRequestMilli: 1000 });
    expect(load(behavior('  serving: {concurrency: 8, cpuPerRequest: 500m}')).behaviors[0].serving).toEqual({ discipline: 'ProcessorSharing', concurrency: 8, queueLimit: 0, perRequestMilli: 500 });
  });

  it('errors: FIFO without slots, a queue limit on processor sharing, a zero leak', () => {
    expect(errorOf(behavior('  serving: {discipline: FIFO}'))).toBe('x.yaml:15: spec.serving.concurrency: required field is missing (FIFO needs a number of slots ≥ 1)');
    expect(errorOf(behavior('  serving: {queueLimit: 3}'))).toMatch(/^x\.yaml:15: spec\.serving\.queueLimit: only applies to discipline: FIFO/);
    expect(errorOf(behavior('  resources: {memoryLeak: {amount: 0, per: 1s}}'))).toBe('x.yaml:15: spec.resources.memoryLeak.amount: expected a quantity greater than 0 (leave memoryLeak out for no leak)');
  });
});

describe('Simulation services and metrics', () => {
  it('defaults: RoundRobin, 1 s sync; the product-spec pipeline (60 s window, 15 s resolution)', () => {
    const s = load(sim('  seed: 1'));
    expect(s.serviceSettings).toEqual({ loadBalancing: 'RoundRobin', proxySyncDelay: seconds(1) });
    expect(s.metrics).toEqual({ preset: 'product-spec', window: seconds(60), resolution: seconds(15), freshContainerMinResolution: null });
  });

  it('the metrics-server preset, overrides, and a window that is not a whole number of resolutions', () => {
    expect(load(sim('  metrics: {preset: metrics-server}')).metrics).toEqual({ preset: 'metrics-server', window: seconds(15), resolution: seconds(15), freshContainerMinResolution: seconds(10) });
    expect(load(sim('  metrics: {window: 30s}')).metrics.window).toBe(seconds(30));
    expect(load(sim('  services: {proxySyncDelay: 0s}')).serviceSettings.proxySyncDelay).toBe(0);
    expect(errorOf(sim('  metrics: {window: 20s}'))).toBe('x.yaml:5: spec.metrics.window: the window (20 s) must be a whole number of resolutions (15 s)');
  });
});
