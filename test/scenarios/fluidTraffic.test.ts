/**
 * The loader's Traffic `mode` and `fluidStep` (fluid mode, docs/fluid.md): defaults, and the located errors.
 */
import { errorOf, load } from './helpers';
import { seconds } from '../../engine/time';

const SVC = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector: {app: web}\n  ports: [{port: 80}]';
const traffic = (name: string, spec: string) => `apiVersion: k8sim/v1alpha1\nkind: Traffic\nmetadata: {name: ${name}}\nspec:\n  service: web\n  profile: {constant: 10}\n${spec}`;

describe('Traffic mode', () => {
  it('defaults to request mode (no mode field in the resolved Traffic); fluid takes fluidStep, default 1 s', () => {
    expect(load(`${SVC}\n---\n${traffic('t', '')}`).traffic[0].mode).toBeUndefined();
    expect(load(`${SVC}\n---\n${traffic('t', '  mode: requests')}`).traffic[0].mode).toBeUndefined();
    expect(load(`${SVC}\n---\n${traffic('t', '  mode: fluid')}`).traffic[0]).toMatchObject({ mode: 'fluid', fluidStep: seconds(1) });
    expect(load(`${SVC}\n---\n${traffic('t', '  mode: fluid\n  fluidStep: 15s')}`).traffic[0].fluidStep).toBe(seconds(15));
  });

  it('bad input is one located line', () => {
    // Lines: 1–7 the Service, 8 `---`, 9 apiVersion, 10 kind, 11 metadata, 12 spec, 13 service, 14 profile, 15 ours.
    expect(errorOf(`${SVC}\n---\n${traffic('t', '  mode: bulk')}`)).toBe('x.yaml:15: spec.mode: expected one of requests, fluid, got "bulk"');
    expect(errorOf(`${SVC}\n---\n${traffic('t', '  fluidStep: 1s')}`)).toBe('x.yaml:15: spec.fluidStep: fluidStep applies only to mode: fluid');
    expect(errorOf(`${SVC}\n---\n${traffic('t', '  mode: fluid\n  fluidStep: 0s')}`)).toMatch(/^x\.yaml:16: spec\.fluidStep: /);
    // Fluid mode is open loop and has no requests to retry: both are refused at `mode` (line 15).
    expect(errorOf(`${SVC}\n---\n${traffic('t', '  mode: fluid\n  retry: {attempts: 3}')}`)).toBe(
      'x.yaml:15: spec.mode: fluid mode has no individual requests to retry: retry needs mode: requests',
    );
    // Every fluid Traffic steps together: a second one with another step is refused, at its fluidStep.
    expect(errorOf(`${SVC}\n---\n${traffic('a', '  mode: fluid\n  fluidStep: 15s')}\n---\n${traffic('b', '  mode: fluid\n  fluidStep: 5s')}`)).toBe(
      'x.yaml:25: spec.fluidStep: every fluid Traffic of a scenario steps together: Traffic a has fluidStep 15s, this one 5s',
    );
  });
});
