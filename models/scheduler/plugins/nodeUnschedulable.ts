/**
 * The NodeUnschedulable filter plugin: a cordoned node (spec.unschedulable) takes only pods that tolerate the
 * node.kubernetes.io/unschedulable:NoSchedule taint. Reads the node; never mutates it.
 */
import type { PluginArgs } from '../config';
import { REASON_UNSCHEDULABLE, toleratesUnschedulable } from '../filter';
import { unresolvable, type FilterPlugin, type Status } from '../framework/types';

export const NODE_UNSCHEDULABLE = 'NodeUnschedulable';

const STATUS: Status = Object.freeze(unresolvable(NODE_UNSCHEDULABLE, REASON_UNSCHEDULABLE));

/** plugins/nodeunschedulable/node_unschedulable.go : Filter (UnschedulableAndUnresolvable). */
export function nodeUnschedulable(_args?: PluginArgs): FilterPlugin {
  return {
    name: NODE_UNSCHEDULABLE,
    filter(_state, pod, node) {
      if (!node.unschedulable || toleratesUnschedulable(pod.tolerations)) return undefined;
      return STATUS;
    },
  };
}
