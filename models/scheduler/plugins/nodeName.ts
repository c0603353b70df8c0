/**
 * The NodeName filter plugin: a pod that names its node (spec.nodeName) fits only that node. Reads the pod and the
 * node; never mutates them.
 */
import type { PluginArgs } from '../config';
import { nodeNameFits, REASON_NODE_NAME } from '../filter';
import { unresolvable, type FilterPlugin, type Status } from '../framework/types';

export const NODE_NAME = 'NodeName';

const STATUS: Status = Object.freeze(unresolvable(NODE_NAME, REASON_NODE_NAME));

/** plugins/nodename/node_name.go : Filter (UnschedulableAndUnresolvable). */
export function nodeName(_args?: PluginArgs): FilterPlugin {
  return {
    name: NODE_NAME,
    /** Not upstream's (NodeName has no PreFilter): a pod without spec.nodeName passes every node, so skip the calls. */
    preFilter(_state, pod) {
      return pod.nodeName === undefined || pod.nodeName === '' ? 'skip' : undefined;
    },
    filter(_state, pod, node) {
      return nodeNameFits(pod.nodeName, node.name) ? undefined : STATUS;
    },
  };
}
