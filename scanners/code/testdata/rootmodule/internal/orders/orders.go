// Package orders places orders.
package orders

import (
	"github.com/IBM/sarama"

	"github.com/acme/shop/internal/payments"
)

// Run places orders.
func Run() { _ = sarama.NewConfig; payments.Run() }
