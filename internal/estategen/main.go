// Command estategen writes a deterministic generated estate for archdrift's
// benchmarks: Terraform modules, Kubernetes manifests, a Structurizr
// workspace and ADRs, with planted drift stated in planted.json.
//
//	go run ./internal/estategen -scale 10 -out /tmp/estate10
//
// Scale 1 is about 100 Terraform resources, 20 Kubernetes workloads, a
// model of about 10 elements and 2 ADRs (see package gen).
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/archdrift/archdrift/internal/estategen/gen"
)

func main() {
	scale := flag.Int("scale", 1, "size of the estate: one domain (about 100 Terraform resources, 20 workloads) per unit")
	out := flag.String("out", "", "directory to write the estate into (must be empty or not exist)")
	seed := flag.Uint64("seed", 1, "seed of every choice; the same seed and scale give the same estate")
	flag.Parse()
	if *out == "" || flag.NArg() > 0 {
		fmt.Fprintln(os.Stderr, "usage: estategen -scale N -out DIR [-seed S]")
		os.Exit(2)
	}
	p, err := gen.Generate(*out, gen.Options{Scale: *scale, Seed: *seed})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	c := p.Counts
	fmt.Printf("%s: scale %d: %d Terraform resources, %d Kubernetes workloads, %d model elements, %d ADRs, %d files (%d KiB), %d planted findings\n",
		*out, p.Scale, c.TerraformResources, c.KubernetesWorkloads, c.ModelElements, c.ADRs, c.Files, c.Bytes>>10, len(p.Findings))
}
