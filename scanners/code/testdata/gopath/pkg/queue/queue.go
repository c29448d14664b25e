// Package queue is a library: its imports do not make a unit.
package queue

import _ "github.com/gomodule/redigo/redis"

// Name is the queue.
const Name = "work"
