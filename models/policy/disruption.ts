/**
 * The disruption controller (pkg/controller/disruption/disruption.go): keeps each PodDisruptionBudget's status —
 * expectedPods, desiredHealthy, currentHealthy, disruptionsAllowed, the DisruptionAllowed condition — in step with
 * its pods and their controllers' scale, and forgets evicted pods once they are deleted (or, after DeletionTimeout,
 * with a `NotDeleted` warning). A store client: it watches PDBs, pods and workloads and syncs at CONTROLLER
 * priority; it never deletes or evicts anything (the eviction API, eviction.ts, spends the budget).
 */
import { WorkQueue } from '../controllers/workQueue';
import { addMicros, minMicros, NEVER, type Micros } from '../../engine/time';
import type { SimContext } from '../context';
import { controllerOf, objectRef, type ApiObject, type Kind, type PodDisruptionBudgetObj, type PodObj } from '../cluster/objects';
import { computePdbCounts, DELETION_TIMEOUT, needsScale } from './pdbStatus';

const COMPONENT = 'controllermanager';

export class DisruptionController {
  private readonly queue: WorkQueue<PodDisruptionBudgetObj>;

  constructor(private readonly ctx: SimContext) {
    this.queue = new WorkQueue(ctx.clock, 'disruption/sync', (pdb) => this.sync(pdb));
    ctx.store.watch('PodDisruptionBudget', (type, pdb) => {
      if (type === 'ADDED' || (type === 'MODIFIED' && pdb.status.observedGeneration < pdb.metadata.generation)) this.enqueue(pdb);
    });
    // getPdbForPod: a pod's change queues one PDB; with several, the first (upstream: lister order; k8sim: name
    // order) and a warning on the pod, so the others' status can stay stale, as upstream.
    ctx.store.watch('Pod', (_type, pod) => {
      const pdbs = this.pdbsOf(pod);
      if (pdbs.length === 0) return;
      if (pdbs.length > 1) {
        const m = pod.metadata;
        const msg = `Pod "${m.namespace}"/"${m.name}" matches multiple PodDisruptionBudgets.  Chose "${pdbs[0].metadata.name}" arbitrarily.`;
        ctx.events.emit('Warning', 'MultiplePodDisruptionBudgets', msg, objectRef(pod), COMPONENT);
      }
      this.enqueue(pdbs[0]);
    });
    const onScale = (type: string, o: { metadata: { namespace: string } }) => {
      if (type === 'ADDED') return;
      for (const pdb of ctx.store.list('PodDisruptionBudget')) if (pdb.metadata.namespace === o.metadata.namespace && needsScale(pdb.spec)) this.enqueue(pdb);
    };
    ctx.store.watch('Deployment', onScale);
    ctx.store.watch('ReplicaSet', onScale);
    ctx.store.watch('ReplicationController', onScale);
  }

  /** The PDBs whose selector matches the pod (getPodDisruptionBudgets), in name order. */
  pdbsOf(pod: PodObj): PodDisruptionBudgetObj[] {
    return pdbsMatching(this.ctx, pod);
  }

  private enqueue(pdb: PodDisruptionBudgetObj): void {
    this.queue.add(pdb);
  }

  private sync(pdb: PodDisruptionBudgetObj): void {
    const { store, clock, events } = this.ctx;
    if (store.get('PodDisruptionBudget', pdb.metadata.namespace, pdb.metadata.name) !== pdb) return;
    const now = clock.now;
    const pods = [...store.list('Pod')].filter((p) => p.metadata.namespace === pdb.metadata.namespace && pdb.spec.selector.matches(p.metadata.labels));
    if (pods.length === 0) events.emit('Normal', 'NoPods', 'No matching pods found', objectRef(pdb), COMPONENT);

    // buildDisruptedPodMap: deleted pods leave; pods still here after DeletionTimeout are reported and leave.
    const disrupted = pdb.status.disruptedPods;
    let recheck: Micros | undefined;
    for (const [name, at] of [...disrupted]) {
      const pod = store.getPod(pdb.metadata.namespace, name);
      if (pod === undefined || pod.metadata.deletionTimestamp !== undefined) disrupted.delete(name);
      else if (addMicros(at, DELETION_TIMEOUT) <= now) {
        const ns = pdb.metadata.namespace;
        // Upstream passes the PDB's namespace twice (disruption.go buildDisruptedPodMap).
        events.emit('Warning', 'NotDeleted', `Pod was expected by PDB ${ns}/${ns} to be deleted but it wasn't`, objectRef(pod), COMPONENT);
        disrupted.delete(name);
      } else recheck = minMicros(recheck ?? NEVER, addMicros(at, DELETION_TIMEOUT));
    }
    if (recheck !== undefined) this.queue.addAt(pdb, recheck);

    let scale = 0;
    let failed = false;
    if (needsScale(pdb.spec)) {
      const result = this.expectedScale(pdb, pods);
      if (result === undefined) failed = true;
      else scale = result;
    }
    const s = pdb.status;
    const before = statusKey(pdb);
    if (failed) {
      // failSafe: no disruption allowed while the controllers cannot be read.
      s.disruptionsAllowed = 0;
      setCondition(pdb, 'False', 'SyncFailed', now);
    } else {
      const c = computePdbCounts(pdb.spec, pods, scale, new Set(disrupted.keys()));
      s.expectedPods = c.expectedPods;
      s.desiredHealthy = c.desiredHealthy;
      s.currentHealthy = c.currentHealthy;
      s.disruptionsAllowed = c.disruptionsAllowed;
      setCondition(pdb, c.disruptionsAllowed > 0 ? 'True' : 'False', c.disruptionsAllowed > 0 ? 'SufficientPods' : 'InsufficientPods', now);
    }
    // updatePdbStatus writes only a changed status.
    if (statusKey(pdb) === before && s.observedGeneration === pdb.metadata.generation) return;
    s.observedGeneration = pdb.metadata.generation;
    store.update(pdb);
  }

  /**
   * getExpectedScale: Σ of the scale of the pods' distinct controllers (a Deployment through its ReplicaSet). Pods
   * without a controller raise `UnmanagedPods` and are left out; a controller that cannot be found fails the sync.
   */
  private expectedScale(pdb: PodDisruptionBudgetObj, pods: readonly PodObj[]): number | undefined {
    const { store } = this.ctx;
    const seen = new Set<string>();
    let total = 0;
    let unmanaged = false;
    for (const pod of pods) {
      const ref = controllerOf(pod);
      if (ref === undefined) {
        unmanaged = true;
        continue;
      }
      if (seen.has(ref.uid)) continue;
      seen.add(ref.uid);
      let owner = getObject(this.ctx, ref.kind, pod.metadata.namespace, ref.name);
      if (owner === undefined || owner.metadata.uid !== ref.uid) return undefined;
      const up = ref.kind === 'ReplicaSet' ? controllerOf(owner) : undefined;
      if (up !== undefined && up.kind === 'Deployment') {
        if (seen.has(up.uid)) continue;
        seen.add(up.uid);
        owner = store.get('Deployment', pod.metadata.namespace, up.name);
        if (owner === undefined) return undefined;
      }
      const replicas = (owner as { spec?: { replicas?: unknown } }).spec?.replicas;
      if (typeof replicas !== 'number') return undefined;
      total += replicas;
    }
    if (unmanaged) {
      this.ctx.events.emit(
        'Warning',
        'UnmanagedPods',
        `Pods selected by this PodDisruptionBudget (selector: ${pdb.spec.selector.text}) were found to be unmanaged. As a result, the status of the PDB cannot be calculated correctly, which may result in undefined behavior. To account for these pods please set ".spec.minAvailable" field of the PDB to an integer value.`,
        objectRef(pdb),
        COMPONENT,
      );
    }
    return total;
  }
}

/** The PDBs in the pod's namespace whose selector matches its labels, in name order. */
export function pdbsMatching(ctx: Pick<SimContext, 'store'>, pod: PodObj): PodDisruptionBudgetObj[] {
  return [...ctx.store.list('PodDisruptionBudget')]
    .filter((pdb) => pdb.metadata.namespace === pod.metadata.namespace && pdb.spec.selector.matches(pod.metadata.labels))
    .sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0));
}

/** A stored object of any kind, or undefined (also for kinds this store does not hold). */
function getObject(ctx: SimContext, kind: string, namespace: string, name: string): ApiObject | undefined {
  try {
    return ctx.store.get(kind as Kind, namespace, name);
  } catch {
    return undefined;
  }
}

function setCondition(pdb: PodDisruptionBudgetObj, status: 'True' | 'False', reason: string, now: Micros): void {
  const conds = pdb.status.conditions;
  const prev = conds.find((c) => c.type === 'DisruptionAllowed');
  if (prev && prev.status === status && prev.reason === reason) return;
  const next = { type: 'DisruptionAllowed' as const, status, reason, lastTransitionTime: prev && prev.status === status ? prev.lastTransitionTime : now };
  conds.splice(0, conds.length, ...conds.filter((c) => c.type !== 'DisruptionAllowed'), next);
}

function statusKey(pdb: PodDisruptionBudgetObj): string {
  const s = pdb.status;
  return [s.expectedPods, s.desiredHealthy, s.currentHealthy, s.disruptionsAllowed, s.disruptedPods.size, ...s.conditions.map((c) => `${c.status}/${c.reason}`)].join(' ');
}
