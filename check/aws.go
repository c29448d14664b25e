package check

import (
	"slices"

	"github.com/archdrift/archdrift/scanners/aws"
)

// awsScanner builds the aws scanner. It may call AWS only when the
// operator named it in Options.Scanners (--scanners on the command line):
// .archdrift.yaml comes with the repository, and a pull request that adds
// `scanners: [aws]` must not make CI use its cloud credentials. Replaying a
// snapshot (--aws-snapshot) is offline and needs no such consent.
func awsScanner(o *Options) *aws.Scanner {
	opts := o.AWS
	opts.Live = slices.Contains(o.Scanners, "aws")
	return aws.New(opts)
}
