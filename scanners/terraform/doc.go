// Package terraform observes an estate described in Terraform: which
// workloads, data stores, queues and gateways it declares, and who depends on
// whom, each element and edge pointing at the file:line that declares it.
//
// The scan has four steps, one file each:
//
//   - load.go finds every directory holding .tf files, asks
//     terraform-config-inspect for its module calls and parses every file
//     with hclsyntax, so that bodies, nested and dynamic blocks and the
//     traversals of every expression can be read. A file that does not parse
//     is a diagnostic; the rest of the module still counts.
//   - module.go expands the root modules (directories no other module calls)
//     into module instances, following local module sources, and expands
//     count and for_each where their values are known statically.
//   - reference.go resolves every traversal of every resource to the
//     resources it ultimately names, through variables passed into module
//     calls, locals, module outputs and data sources.
//   - graph.go turns resources into elements with the mapping table of
//     types.go and references into relationships: a workload's own
//     references, what it takes on from the parts it uses (task definitions,
//     target groups, security groups, IAM roles), and the edges that
//     connector resources carry (subscriptions, event source mappings,
//     listeners, IAM policy attachments). Elements are built on a second
//     goroutine while reference.go resolves (elementsBeside): the scan ends
//     on one goroutine after the other scanners are done.
//
// syntax.go reads what is the same in every instance of a module once: the
// traversals, size and index expressions of each expression, and the
// attributes of each resource body (on the parse pool, beside the parse).
// Each resource body is then pruned to what is read of it later
// (pruneResource), and each directory recorded by the worker that parsed
// its last file, so that the trees kept for the whole scan stay small and
// little is left to do after the parse.
// Module instances differ only in values and reference targets, which
// module.go and reference.go compute per instance.
//
// state.go then lets terraform.tfstate or `terraform show -json` output
// replace the literals read from HCL with real names, ARNs and endpoints.
//
// Element IDs are "terraform:<module dir>/<resource address>", with the
// directory left out for a root module at the top of the tree, and the
// module call path part of the address for resources of called modules
// ("terraform:modules/queue/module.orders.aws_sqs_queue.this").
package terraform
