// Command catalog serves the product catalogue: products, prices and stock
// levels, read from PostgreSQL.
package main

import (
	"context"
	"log"
	"net/http"
	"os"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/redis/go-redis/v9"

	"example.com/shopflow/product-catalog/internal/api"
	"example.com/shopflow/product-catalog/internal/search"
	"example.com/shopflow/product-catalog/internal/store"
)

func main() {
	ctx := context.Background()
	pool, err := pgxpool.New(ctx, "postgres://"+os.Getenv("DATABASE_HOST")+"/"+os.Getenv("DATABASE_NAME"))
	if err != nil {
		log.Fatal(err)
	}
	defer pool.Close()
	// Search results are cached in Redis: not in the architecture model.
	cache := redis.NewClient(&redis.Options{Addr: os.Getenv("SEARCH_CACHE_ADDR")})
	products := store.New(pool)
	index := search.New(products, cache)
	log.Fatal(http.ListenAndServe(":8080", api.Handler(products, index)))
}
