// Command archdrift checks a system's architecture documentation (a C4 model
// and its ADRs) against what really runs (Kubernetes, Terraform, ...), and
// gates CI on the drift.
package main

import "os"

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}
