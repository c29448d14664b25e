// Package gen writes deterministic, realistic estates of a given scale for
// archdrift's benchmarks and its accuracy test at scale.
//
// An estate is a monorepo the way a platform team keeps one: one domain per
// team, each with
//
//   - a Terraform module (terraform/modules/<domain>/) of about 100 resources:
//     a PostgreSQL RDS instance, an SQS queue and its dead-letter queue, an
//     S3 bucket, a Lambda function with its IAM role, security groups,
//     secrets, SSM parameters, and alarms through a shared module
//     (terraform/modules/alarm/), called from the root module
//     (terraform/main.tf) with cross-module references: each domain reads
//     the bucket of the domain before it (module.<prev>.files_bucket);
//   - 20 Kubernetes workloads (deploy/k8s/<domain>/): an API, a web front
//     end, a Redis cache, workers and cron jobs, a migration job, whose
//     environment variables name the Services and the Terraform resources
//     they use;
//   - a compose file (dev/<domain>/compose.yaml) for the team's laptops: the
//     API, web front end and a worker under the same names, with a local
//     Redis and PostgreSQL labelled with the elements they stand for;
//   - about ten documented elements in the Structurizr workspace
//     (docs/architecture/workspace.dsl, hierarchical identifiers, one group
//     per domain, the API's components), mapped by name, by
//     archdrift.source globs, by labels and annotations and by a config
//     mapping;
//   - two ADRs (docs/adr/, Nygard format) with archdrift constraints: the
//     store's technology, and who may use the store; one domain in ten
//     also has a proposed ADR that what runs breaks.
//
// Scale 1 is one domain: about 100 Terraform resources, 20 workloads, a
// model of about 10 elements and 2 ADRs; scale 100 is 10,000 resources,
// 2,000 workloads, about 1,000 elements and 200 ADRs.
//
// The model documents most of the estate, not all of it: IAM roles, keys,
// parameters and alarms are never drawn, which is not drift. On top of that
// the generator plants a known amount of drift (an undocumented workload or
// topic, a documented element that does not run, a dependency on either
// side only, a technology that differs, an ADR broken) and states it in
// planted.json, in the form of report findings, so that a test can assert
// that a check finds exactly that (Planted.Compare). The .archdrift.yaml it
// writes excludes a monitoring namespace and maps one element by config.
//
// The same Options always give the same bytes.
package gen
