// Package kubernetes observes a system from its Kubernetes manifests: every
// *.yaml and *.yml file below the root, multi-document, as written in the
// repository (Helm charts must be rendered first; kustomize overlays are read
// file by file, not built).
//
// The C4 mapping follows DESIGN.md:
//
//   - the cluster is the software system, so the scanner emits no element
//     for it;
//   - each workload (Deployment, StatefulSet, DaemonSet, ReplicaSet,
//     ReplicationController, Job, CronJob, bare Pod) is a container,
//     identified as "kubernetes:<namespace>/<kind>/<name>", its class and
//     technology read from its images through the model's technology table;
//   - Services are arrows, not boxes: a workload that names a Service in an
//     environment variable, a ConfigMap value it imports, or its command line
//     depends on the workloads that Service selects;
//   - an ExternalName Service is the one exception: it stands for a system
//     outside the cluster, so it becomes an external system element;
//   - namespaces are groups.
//
// Ingress, ConfigMap, Secret, RBAC, NetworkPolicy, autoscalers, disruption
// budgets, Namespaces and custom resources are not elements. ConfigMaps are
// read only to resolve the environment of workloads; Secrets are never read.
//
// An object is read straight from its YAML nodes when they fit the
// k8s.io/api type of its kind, as real manifests do (fit.go). One that does
// not, a field of the wrong type for instance, goes through JSON into that
// type (jsonpath.go), so its diagnostic is encoding/json's.
//
// Manifests are untrusted input. A document that does not parse is a
// diagnostic and the other documents and files still count; files, documents
// per file, document sizes and YAML alias expansion are bounded.
package kubernetes
