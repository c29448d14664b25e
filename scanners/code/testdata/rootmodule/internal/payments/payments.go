// Package payments charges cards.
package payments

import "github.com/aws/aws-sdk-go-v2/service/sqs"

// Run charges cards.
func Run() { _ = sqs.New }
