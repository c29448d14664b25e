// Package store reads and writes products in PostgreSQL.
package store

import (
	"context"

	"github.com/jackc/pgx/v5/pgxpool"
)

// Product is one catalogue entry.
type Product struct {
	ID    string `json:"id"`
	Name  string `json:"name"`
	Price int64  `json:"price"`
	Stock int    `json:"stock"`
}

// Store is the product table.
type Store struct{ pool *pgxpool.Pool }

// New returns a Store on a connection pool.
func New(pool *pgxpool.Pool) *Store { return &Store{pool: pool} }

// Product loads one product.
func (s *Store) Product(ctx context.Context, id string) (Product, error) {
	var p Product
	err := s.pool.QueryRow(ctx, `SELECT id, name, price, stock FROM products WHERE id = $1`, id).
		Scan(&p.ID, &p.Name, &p.Price, &p.Stock)
	return p, err
}

// Matching loads the products whose name contains q.
func (s *Store) Matching(ctx context.Context, q string) ([]Product, error) {
	rows, err := s.pool.Query(ctx, `SELECT id, name, price, stock FROM products WHERE name ILIKE '%' || $1 || '%'`, q)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Product
	for rows.Next() {
		var p Product
		if err := rows.Scan(&p.ID, &p.Name, &p.Price, &p.Stock); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}
