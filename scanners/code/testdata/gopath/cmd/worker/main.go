package main

import (
	"github.com/streadway/amqp"

	"example.com/gopath/pkg/queue"
)

func main() {
	_ = amqp.Dial
	_ = queue.Name
}
