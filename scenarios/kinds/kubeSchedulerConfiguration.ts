/**
 * kubescheduler.config.k8s.io/v1 KubeSchedulerConfiguration (a component config: apiVersion and kind, no metadata):
 * the scheduler's profiles (plugins and plugin args: schedulerProfiles.ts, schedulerPluginArgs.ts),
 * percentageOfNodesToScore and the queue's back-off, validated as pkg/scheduler/apis/config/validation does. At most
 * one per scenario. Settings of the kube-scheduler process (leader election, client connection, parallelism,
 * profiling) are accepted and ignored; extenders are refused. Reads only.
 */
import { seconds } from '../../engine/time';
import { DEFAULT_SCHEDULER_NAME, type SchedulerProfileConfig } from '../../models/scheduler/config';
import { invalid } from '../fieldErrors';
import { isDnsSubdomain } from '../selector';
import type { KindHandler } from './kindHandler';
import { Fields } from './fields';
import { readPluginConfig } from './schedulerPluginArgs';
import { resolveProfilePlugins } from './schedulerProfiles';

export const KUBE_SCHEDULER_CONFIG_API_VERSION = 'kubescheduler.config.k8s.io/v1';

/** Read and ignored: they configure the kube-scheduler process, not scheduling decisions. */
const IGNORED_FIELDS = ['leaderElection', 'clientConnection', 'parallelism', 'enableProfiling', 'enableContentionProfiling', 'delayCacheUntilActive'];
const FIELDS = ['apiVersion', 'kind', 'profiles', 'percentageOfNodesToScore', 'podInitialBackoffSeconds', 'podMaxBackoffSeconds', 'extenders', ...IGNORED_FIELDS];

/** validatePercentageOfNodesToScore. */
function readPercentage(f: Fields): number | undefined {
  const p = f.int('percentageOfNodesToScore');
  if (p !== undefined && (p < 0 || p > 100)) f.fail('percentageOfNodesToScore', invalid(p, 'not in valid range [0-100]'));
  return p;
}

export const kubeSchedulerConfigurationKind: KindHandler = {
  apiVersion: KUBE_SCHEDULER_CONFIG_API_VERSION,
  kind: 'KubeSchedulerConfiguration',
  read(doc, draft) {
    const root = Fields.of(doc, [], doc.value, FIELDS);
    if (draft.schedulerConfig) {
      const first = draft.schedulerConfig.source;
      doc.fail(['kind'], `more than one KubeSchedulerConfiguration (the first is at ${first.file}:${first.line}); a scenario has at most one`);
    }
    if (root.has('extenders')) root.fail('extenders', 'not supported: k8sim does not call scheduler extenders (HTTP webhooks); use plugins and pluginConfig');
    const parallelism = root.int('parallelism');
    if (parallelism !== undefined && parallelism <= 0) root.fail('parallelism', invalid(parallelism, 'should be an integer value greater than zero'));

    // SetDefaults_KubeSchedulerConfiguration: one default-scheduler profile when none is given.
    const items = root.list('profiles', 'a list of profiles') ?? [];
    const profiles: SchedulerProfileConfig[] = [];
    const names = new Map<string, number>();
    items.forEach((it, i) => {
      const p = Fields.of(doc, it.path, it.value, ['schedulerName', 'percentageOfNodesToScore', 'plugins', 'pluginConfig'], 'a profile {schedulerName, plugins, pluginConfig}');
      const schedulerName = p.string('schedulerName') || DEFAULT_SCHEDULER_NAME;
      if (!isDnsSubdomain(schedulerName)) p.fail('schedulerName', `invalid name "${schedulerName}": expected a DNS-1123 subdomain (pods name it in spec.schedulerName)`);
      const first = names.get(schedulerName);
      if (first !== undefined) p.fail('schedulerName', `Duplicate value: "profiles[${first}].schedulerName" (schedulerName ${JSON.stringify(schedulerName)})`);
      names.set(schedulerName, i);
      profiles.push(resolveProfilePlugins(p, schedulerName, readPluginConfig(p), readPercentage(p)));
    });
    if (profiles.length === 0) {
      const none = Fields.of(doc, ['profiles'], {});
      profiles.push(resolveProfilePlugins(none, DEFAULT_SCHEDULER_NAME, readPluginConfig(none), undefined));
    }

    const initial = root.int('podInitialBackoffSeconds');
    if (initial !== undefined && initial <= 0) root.fail('podInitialBackoffSeconds', invalid(initial, 'must be greater than 0'));
    const max = root.int('podMaxBackoffSeconds');
    if (max !== undefined && max <= 0) root.fail('podMaxBackoffSeconds', invalid(max, 'must be greater than 0'));
    if (max !== undefined && initial !== undefined && max < initial) root.fail('podMaxBackoffSeconds', invalid(max, 'must be greater than or equal to PodInitialBackoffSeconds'));
    // A value left out keeps the Simulation's (spec.scheduler); load.ts checks the pair once both are known.
    const percentageOfNodesToScore = readPercentage(root);
    draft.schedulerConfig = {
      profiles,
      ...(percentageOfNodesToScore !== undefined ? { percentageOfNodesToScore } : {}),
      ...(initial !== undefined ? { initialBackoff: seconds(initial) } : {}),
      ...(max !== undefined ? { maxBackoff: seconds(max) } : {}),
      source: { file: doc.file, line: doc.line },
      doc,
    };
  },
};
