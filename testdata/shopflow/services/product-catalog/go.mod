module example.com/shopflow/product-catalog

go 1.22

require (
	github.com/jackc/pgx/v5 v5.7.1
	github.com/redis/go-redis/v9 v9.7.0
)
