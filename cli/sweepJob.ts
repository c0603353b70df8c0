/**
 * `k8sim sweep --emit-indexed-job`: a Kubernetes batch/v1 Job (completionMode Indexed) whose pod i runs shard i/n of
 * the sweep into a shared volume, for the image the repository's Dockerfile builds. Writes YAML text; runs nothing.
 */
import { stringify } from 'yaml';

export interface IndexedJobOptions {
  /** The Sweep file, as the container sees it (relative to the image's working directory /k8sim). */
  readonly sweepFile: string;
  readonly name: string;
  readonly shards: number;
  readonly parallelism: number;
  readonly image: string;
  /** A PersistentVolumeClaim (ReadWriteMany when pods land on several nodes) mounted at /out. */
  readonly claim: string;
  readonly summaryOnly: boolean;
}

/** A DNS-1123 label from a sweep name (Job names become pod label values: at most 63 characters). */
export function jobName(sweep: string): string {
  const s = `k8sim-sweep-${sweep}`.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/-+/g, '-');
  return s.slice(0, 52).replace(/-+$/, '');
}

export function indexedJob(o: IndexedJobOptions): string {
  const job = {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: o.name, labels: { 'app.kubernetes.io/name': 'k8sim', 'app.kubernetes.io/component': 'sweep' } },
    spec: {
      completionMode: 'Indexed',
      completions: o.shards,
      parallelism: o.parallelism,
      // A shard that fails is retried on its own index (Kubernetes ≥ 1.29: backoffLimitPerIndex).
      backoffLimitPerIndex: 2,
      template: {
        metadata: { labels: { 'app.kubernetes.io/name': 'k8sim', 'app.kubernetes.io/component': 'sweep' } },
        spec: {
          restartPolicy: 'Never',
          // The image runs as the `node` user (uid 1000): the volume is made writable for its group.
          securityContext: { fsGroup: 1000 },
          containers: [
            {
              name: 'sweep',
              image: o.image,
              // The Job controller sets JOB_COMPLETION_INDEX in each pod of an Indexed Job; $(VAR) is expanded by the kubelet.
              args: ['sweep', o.sweepFile, '--shard', `$(JOB_COMPLETION_INDEX)/${o.shards}`, '--out', '/out/shard-$(JOB_COMPLETION_INDEX)', '--quiet', ...(o.summaryOnly ? ['--summary-only'] : [])],
              env: [{ name: 'JOB_COMPLETION_INDEX', valueFrom: { fieldRef: { fieldPath: "metadata.annotations['batch.kubernetes.io/job-completion-index']" } } }],
              resources: { requests: { cpu: '1', memory: '1Gi' }, limits: { memory: '2Gi' } },
              volumeMounts: [{ name: 'out', mountPath: '/out' }],
            },
          ],
          volumes: [{ name: 'out', persistentVolumeClaim: { claimName: o.claim } }],
        },
      },
    },
  };
  return `# k8sim sweep ${o.sweepFile} as ${o.shards} shards; afterwards merge them (docs/sweeps.md):\n#   k8sim sweep merge /out/shard-* --out /out/merged\n${stringify(job)}`;
}
