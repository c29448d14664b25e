// Package aws observes what is really deployed in an AWS account: the
// workloads, data stores, queues and gateways the AWS APIs list, and who
// depends on whom, so that console changes, other stacks and forgotten
// resources show up as drift next to what Terraform declares.
//
// The scanner reaches the network, so it never runs unless named
// (`--scanners aws` on the command line: a configuration file in the
// repository cannot turn it on). It works in two steps with an inventory in
// between:
//
//   - collect*.go list each service in each region through aws-sdk-go-v2
//     (the standard configuration chain, an optional assumed role, the SDK's
//     paginators, adaptive retry), a bounded number of calls at a time.
//     Every call the scanner makes is one row of calls.go, and the
//     least-privilege IAM policy (`archdrift aws policy`) is derived from
//     that table. A call that is denied, or fails, is a Problem of the
//     inventory (a diagnostic naming the IAM action) and the scan goes on.
//   - graph.go turns the Inventory into the observed graph with the
//     Terraform scanner's mapping table (kind, class, technology per
//     resource type) and resolves references (environment values,
//     event source mappings, subscriptions, rule targets, integrations,
//     target groups, proxy targets) against the inventory (reference.go).
//
// The inventory is what `--aws-snapshot-write FILE` writes as JSON and
// `--aws-snapshot FILE` reads back instead of calling AWS, so a nightly run
// can be replayed and diffed offline: both paths build the graph from the
// same Inventory. An inventory never holds environment values: before it is
// kept, every reference is reduced to the part that names a resource of the
// inventory (a host name, a queue URL without credentials or query, an
// ARN, a table name), and the rest is dropped.
//
// Element IDs are "aws:<region>/<service>/<name>" ("aws:eu-west-1/sqs/orders",
// "aws:eu-west-1/ecs/shop/orders" for a service of cluster shop); elements
// carry their ARN, region, account and console URL as properties, and the
// tags c4.element and archdrift.io/element name the documented element.
package aws
