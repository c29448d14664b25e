package db

import (
	"testing"

	_ "github.com/testcontainers/testcontainers-go" // tests only
)

func TestNothing(t *testing.T) {}
