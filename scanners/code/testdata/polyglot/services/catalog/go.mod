module example.com/shop/catalog/v2

go 1.22

require (
	github.com/jackc/pgx/v5 v5.7.1
	github.com/lib/pq v1.10.9
	github.com/testcontainers/testcontainers-go v0.33.0
)
