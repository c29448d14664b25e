package policies

import (
	"slices"
	"strings"

	"github.com/open-policy-agent/opa/v1/ast"
)

// deniedBuiltins are builtins a policy may not call because they reach
// outside the process: the network, the environment, the file system, or the
// caller's trace output.
var deniedBuiltins = map[string]string{
	"http.send":   "it reaches the network",
	"opa.runtime": "it exposes the environment and configuration",
	"trace":       "it writes to the caller's trace output",
	// JSON-schema matching follows $ref, which may be a remote URL or a
	// file:// path on this machine.
	"json.match_schema":  "it can follow schema references to the network or the file system",
	"json.verify_schema": "it can follow schema references to the network or the file system",
}

// deniedBuiltinReason says why name is refused, or "" when it is allowed.
// Every net.* builtin is refused, the pure CIDR helpers included, so that the
// rule stays one line long and DNS lookups added later are covered.
func deniedBuiltinReason(name string) string {
	if reason, ok := deniedBuiltins[name]; ok {
		return reason
	}
	if strings.HasPrefix(name, "net.") {
		return "net.* builtins may reach the network"
	}
	return ""
}

// sandboxCapabilities are this OPA version's capabilities without the
// denied builtins, and with no host allowed for remote schema references.
func sandboxCapabilities() *ast.Capabilities {
	caps := ast.CapabilitiesForThisVersion(ast.CapabilitiesRegoVersion(ast.RegoV1))
	caps.Builtins = slices.DeleteFunc(slices.Clone(caps.Builtins), func(b *ast.Builtin) bool {
		return deniedBuiltinReason(b.Name) != ""
	})
	// An empty, non-nil list means "no host"; nil would mean "any host".
	caps.AllowNet = []string{}
	return caps
}
