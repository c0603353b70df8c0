// A user's node autoscaler policy (k8sim Simulation spec.nodeAutoscaler.policy: ./policies/cheapest-per-cpu.js):
// a pure decide(input, history) → { add, remove, history, reason } (docs/node-autoscaling.md, "Pluggable node
// autoscaler policies"). It buys CPU where a CPU is cheapest: every pending pod's CPU goes to the group with room
// whose price per allocatable CPU is lowest; it counts nodes still coming up; it removes a node that has been empty
// (no movable pod) for `emptyFor` seconds, never below the group's min.
'use strict';

exports.createPolicy = function createPolicy(parameters) {
  const emptyFor = parameters.emptyFor === undefined ? 300 : parameters.emptyFor;
  if (typeof emptyFor !== 'number' || emptyFor < 0) throw new Error('emptyFor: expected seconds ≥ 0');
  return {
    name: 'cheapest-per-cpu',
    decide(input, history) {
      const perCpu = (g) => g.pricePerHour / (g.templateAllocatable.cpuMilli / 1000);
      const groups = input.groups.slice().sort((a, b) => perCpu(a) - perCpu(b) || (a.name < b.name ? -1 : 1));
      const add = [];
      const cpu = input.pendingPods.reduce((s, p) => s + p.requests.cpuMilli, 0);
      const g = groups.find((x) => x.target < x.max);
      let reason = '';
      if (cpu > 0 && g !== undefined) {
        const coming = g.upcoming + input.nodes.filter((n) => n.group === g.name && !n.ready && !n.deleting).length;
        const need = Math.ceil(cpu / g.templateAllocatable.cpuMilli) - coming;
        if (need > 0) {
          add.push({ group: g.name, count: need });
          reason = `${input.pendingPods.length} pending pods need ${cpu}m CPU; ${g.name} is cheapest per CPU`;
        }
      }
      const since = new Map(history || []);
      const next = [];
      for (const n of input.nodes) {
        if (n.group !== '' && n.ready && !n.cordoned && !n.deleting && n.movablePods === 0) next.push([n.name, since.has(n.name) ? since.get(n.name) : input.now]);
      }
      const remove = [];
      if (input.pendingPods.length === 0) {
        const room = new Map(input.groups.map((x) => [x.name, x.target - x.min]));
        const group = new Map(input.nodes.map((n) => [n.name, n.group]));
        for (const [name, t] of next) {
          const r = room.get(group.get(name));
          if (input.now - t >= emptyFor && r > 0) {
            room.set(group.get(name), r - 1);
            remove.push({ node: name });
          }
        }
        if (remove.length > 0) reason = `${remove.length} nodes empty for ${emptyFor}s`;
      }
      return { add, remove, history: next, reason };
    },
  };
};
