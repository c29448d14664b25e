// Package adr reads architecture decision records: the half of the documented
// side that says why the system is shaped the way it is, and what it must not
// become.
//
// Discover finds the decision log the way the tools that write it do: an
// explicit --adr-dir, adr-tools' .adr-dir file, the folder a Structurizr
// workspace names with !adrs, then the usual places (docs/adr, doc/adr,
// docs/decisions, docs/architecture/decisions, architecture-decision-record).
//
// Load and Parse read the formats teams actually write, with goldmark doing
// the Markdown: Nygard / adr-tools ("# 1. Title", "Date:", a Status section,
// "Superceded by [..](..)" in adr-tools' own spelling, "Amends", "Clarifies"),
// MADR 2/3 bullet metadata ("* Status: superseded by [..](..)"), MADR 4 YAML
// front matter (status, date, decision-makers), log4brains' date-named files,
// and decorated statuses ("✅ Accepted", "⌛️ Superseded by [036…]",
// "~~Proposed~~ Accepted"). Each ADR becomes a Record: number, title,
// normalised Status, date, lifecycle Links, and the source file and line.
//
// An ADR can also carry rules. A fenced block with info string "archdrift"
// holds a YAML list of Constraints, one verb per item:
//
//	```archdrift
//	- only: "Order Service, Order Worker -> Orders DB"   # nothing else may depend on it
//	- deny: "tag:frontend -> class:database"             # must not depend
//	  unless: [API Gateway]
//	- require: "Payment Service -> Stripe"               # must depend
//	- technology: "class:queue"                          # technologies of the selected elements
//	  allow: [RabbitMQ]
//	```
//
// Selectors name a documented element (name or identifier, any case),
// tag:X, class:X, tech:X or *; a comma list means any of them. A fenced
// "rego" block whose package lies under archdrift.adr is a policy too. This
// package only reads constraints and policies: the policy engine enforces
// those of accepted ADRs, and Records are plain data so that it can hand them
// to Rego as JSON.
//
// Nothing here stops at a bad file. A constraint that does not parse, a
// missing status, a supersedes link to an ADR that does not exist or does not
// link back, two ADRs with one number: each is a Problem with its file and
// line, which becomes an adr.invalid finding, and the other ADRs are read as
// usual. Input is untrusted (a pull request can change every ADR), so files,
// folders, nesting depth and the text sent through goldmark's inline parser
// are all bounded.
package adr
