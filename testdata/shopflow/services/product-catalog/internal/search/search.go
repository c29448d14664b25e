// Package search answers product searches, cached in Redis.
//
// The model says search is a component of its own that the API calls; in
// the code it also reads the store directly, which the model does not show.
package search

import (
	"context"
	"encoding/json"
	"time"

	"github.com/redis/go-redis/v9"

	"example.com/shopflow/product-catalog/internal/store"
)

// Index searches the catalogue.
type Index struct {
	products *store.Store
	cache    *redis.Client
}

// New returns an Index over the store, caching in Redis.
func New(products *store.Store, cache *redis.Client) *Index {
	return &Index{products: products, cache: cache}
}

// Search returns the products matching q.
func (ix *Index) Search(ctx context.Context, q string) ([]store.Product, error) {
	if b, err := ix.cache.Get(ctx, "search:"+q).Bytes(); err == nil {
		var ps []store.Product
		if json.Unmarshal(b, &ps) == nil {
			return ps, nil
		}
	}
	ps, err := ix.products.Matching(ctx, q)
	if err != nil {
		return nil, err
	}
	if b, err := json.Marshal(ps); err == nil {
		ix.cache.Set(ctx, "search:"+q, b, time.Minute)
	}
	return ps, nil
}
