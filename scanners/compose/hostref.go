package compose

import "github.com/archdrift/archdrift/scanners/hostref"

// hostRefs finds the host names a configuration value names, by the rules
// shared with the other orchestrator scanners (package hostref).
func hostRefs(value string) []hostref.Ref { return hostref.Compose.Find(value) }
