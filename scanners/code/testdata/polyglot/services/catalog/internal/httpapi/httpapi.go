// Package httpapi serves the catalogue.
package httpapi

import (
	"net/http"

	"example.com/shop/catalog/v2/internal/db"
)

// Handler serves products.
func Handler(s *db.Store) http.Handler { return http.NotFoundHandler() }
