/**
 * v1 Service: selector, ports, type, sessionAffinity with its ClientIP timeout (SetDefaults_Service, ValidateService)
 * and the load-balancing policy from the `k8sim.io/load-balancing` annotation. Reads only; the endpoints and the
 * load balancer live in models/service.
 */
import type { ResolvedService } from '../../models/cluster/spec';
import * as D from '../defaults';
import { isLoadBalancingPolicy, LOAD_BALANCING_POLICIES } from '../../models/service/registry';
import { resolveMapSelector } from '../selector';
import type { KindHandler } from './kindHandler';
import { Fields } from './fields';
import { readLabels, readObjectMeta } from './objectMeta';

const TYPES = ['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'] as const;
const AFFINITIES = ['None', 'ClientIP'] as const;
/** ValidateService: Service names are DNS-1035 labels (they become DNS names and environment variables). */
const DNS_1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

export const serviceKind: KindHandler = {
  apiVersion: 'v1',
  kind: 'Service',
  schema: () => (require('kubernetes-models/v1/Service') as typeof import('kubernetes-models/v1/Service')).Service,
  read(doc, draft) {
    const meta = readObjectMeta(doc, { namespaced: true });
    const root = Fields.of(doc, [], doc.value);
    const metaF = root.object('metadata') as Fields;
    if (!DNS_1035_LABEL.test(meta.name) || meta.name.length > 63) {
      metaF.fail('name', `invalid name "${meta.name}": a Service name must start with a lowercase letter, then lowercase alphanumerics and "-", ending with an alphanumeric, at most 63 characters`);
    }
    const spec = root.object('spec');
    const type = spec?.oneOf('type', TYPES) ?? D.SERVICE_TYPE;
    draft.claim(`Service/${meta.namespace}/${meta.name}`, `Service ${meta.namespace}/${meta.name}`, doc, ['metadata', 'name']);
    draft.useNamespace(meta.namespace);
    if (type === 'ExternalName') {
      draft.warnings.push(`${doc.file}:${doc.line}: skipped Service/${meta.name}: k8sim does not model type ExternalName (it has no endpoints)`);
      return;
    }
    const selectorMap = spec ? readLabels(spec, 'selector') : {};
    const ports = (spec?.list('ports') ?? []).map((it) => {
      const p = Fields.of(doc, it.path, it.value);
      const name = p.string('name');
      return { ...(name !== undefined ? { name } : {}), port: p.int('port', { min: 1, max: 65535 }) as number, protocol: p.string('protocol') ?? D.SERVICE_PORT_PROTOCOL };
    });
    const affinity = spec?.oneOf('sessionAffinity', AFFINITIES) ?? D.SERVICE_SESSION_AFFINITY;
    let timeout: number | undefined;
    if (affinity === 'ClientIP') {
      // SetDefaults_Service fills 10800 s; ValidateService requires 0 < t ≤ 86400. With None the config is cleared.
      const clientIP = spec?.object('sessionAffinityConfig')?.object('clientIP');
      timeout = clientIP?.int('timeoutSeconds') ?? D.CLIENT_IP_AFFINITY_TIMEOUT_SECONDS;
      if (clientIP && !(timeout > 0 && timeout <= D.MAX_CLIENT_IP_AFFINITY_TIMEOUT_SECONDS)) {
        clientIP.fail('timeoutSeconds', `must be greater than 0 and less than or equal to ${D.MAX_CLIENT_IP_AFFINITY_TIMEOUT_SECONDS}, got ${timeout}`);
      }
    }
    const annotated = meta.annotations[D.LOAD_BALANCING_ANNOTATION];
    if (annotated !== undefined && !isLoadBalancingPolicy(annotated)) {
      metaF.object('annotations')!.fail(D.LOAD_BALANCING_ANNOTATION, `expected one of ${LOAD_BALANCING_POLICIES.join(', ')}, got "${annotated}"`);
    }
    const base = {
      namespace: meta.namespace,
      name: meta.name,
      type,
      ...(Object.keys(selectorMap).length > 0 ? { selector: resolveMapSelector(selectorMap) } : {}),
      ports,
      sessionAffinity: affinity,
      ...(timeout !== undefined ? { affinityTimeoutSeconds: timeout } : {}),
      source: { file: doc.file, line: doc.line },
    };
    draft.services.push({
      namespace: meta.namespace,
      name: meta.name,
      resolve: (settings): ResolvedService => ({
        ...base,
        loadBalancing: annotated !== undefined && isLoadBalancingPolicy(annotated) ? annotated : settings.loadBalancing,
      }),
    });
  },
};
