//go:build !unix

package kubernetes

// processCPU returns 0: the process's CPU time is only read on Unix.
func processCPU() int64 { return 0 }
