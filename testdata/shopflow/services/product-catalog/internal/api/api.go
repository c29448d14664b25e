// Package api is the catalogue's REST interface.
package api

import (
	"encoding/json"
	"net/http"

	"example.com/shopflow/product-catalog/internal/search"
	"example.com/shopflow/product-catalog/internal/store"
)

// Handler routes /products and /search.
func Handler(products *store.Store, index *search.Index) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /products/{id}", func(w http.ResponseWriter, r *http.Request) {
		p, err := products.Product(r.Context(), r.PathValue("id"))
		if err != nil {
			http.Error(w, err.Error(), http.StatusNotFound)
			return
		}
		_ = json.NewEncoder(w).Encode(p)
	})
	mux.HandleFunc("GET /search", func(w http.ResponseWriter, r *http.Request) {
		ps, err := index.Search(r.Context(), r.URL.Query().Get("q"))
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		_ = json.NewEncoder(w).Encode(ps)
	})
	return mux
}
