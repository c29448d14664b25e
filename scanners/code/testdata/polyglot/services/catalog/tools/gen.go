//go:build ignore

// A generator run by go generate: not part of the build.
package main

import _ "github.com/redis/go-redis/v9"

func main() {}
