package compose

import "github.com/archdrift/archdrift/scanners/hostref"

// hostRefs finds the host names a configuration value names, by the rules
// shared with the other orchestrator scanners (package hostref).
func hostRefs(value string) []hostref.Ref { return hostref.Compose.Find(value) }

// hostName normalises a host name, or reports that s is not one.
func hostName(s string) (string, bool) { return hostref.Compose.HostName(s) }
