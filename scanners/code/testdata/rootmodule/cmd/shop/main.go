package main

import (
	"github.com/acme/shop/internal/orders"
	"github.com/acme/shop/internal/payments"
)

func main() {
	orders.Run()
	payments.Run()
}
