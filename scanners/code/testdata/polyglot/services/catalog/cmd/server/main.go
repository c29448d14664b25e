package main

import (
	"log"
	"net/http"

	"github.com/jackc/pgx/v5/pgxpool"

	"example.com/shop/catalog/v2/internal/db"
	"example.com/shop/catalog/v2/internal/httpapi"
)

func main() {
	var pool *pgxpool.Pool
	log.Fatal(http.ListenAndServe(":8080", httpapi.Handler(db.New(pool))))
}
