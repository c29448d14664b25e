// Package policies turns drift facts into findings. It runs OPA over one
// input document (the documented and observed graphs, the diff, ADRs, the
// change under review and settings; see README.md) and collects every
// `finding` of every package under data.archdrift.rules.
//
// The built-in rules are Rego files embedded from builtin/, one file per
// rule, each opening with a METADATA block that Rules reads back, so the list
// of rules and their default severities lives only in Rego. Teams add rules
// by pointing Options.Dirs at their own Rego. ADRs add theirs as fenced rego
// blocks, which the caller passes as Options.Modules (packages
// archdrift.adr.<name>, whose findings are collected too and attributed to
// their ADR). A module that does not compile is left out and reported by
// Engine.Rejected instead of failing New, so one broken ADR does not stop
// the others from being enforced.
//
// Every policy is untrusted: a pull request can change any file archdrift
// reads, Rego included. Policies are therefore compiled as Rego v1 against
// capabilities without the builtins that reach outside the process
// (http.send, net.*, opa.runtime, trace, JSON-schema matching that can follow
// remote or file references), builtin errors are fatal, and evaluation is
// bounded by a timeout. OPA has no memory limit: a hostile policy can still
// exhaust memory before the timeout fires, so untrusted runs belong in a
// memory-limited process or container.
package policies
