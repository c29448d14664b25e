// Package db stores products.
package db

import (
	"database/sql"

	_ "github.com/lib/pq"
)

// Store is the product table.
type Store struct{ db *sql.DB }

// New returns a Store.
func New(any) *Store { return &Store{} }
