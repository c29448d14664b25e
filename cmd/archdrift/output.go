package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/archdrift/archdrift/reporters"
)

// parseFormats reads --format (a comma list) and checks it against the
// output flags before any work is done: several formats need --output-dir.
func parseFormats(list, output, outDir string) ([]string, error) {
	var formats []string
	reg := reporters.Default()
	for _, f := range strings.Split(list, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		if _, err := reg.Get(f); err != nil {
			return nil, err
		}
		if !slices.Contains(formats, f) {
			formats = append(formats, f)
		}
	}
	switch {
	case len(formats) == 0:
		return nil, fmt.Errorf("--format: name at least one of %s", strings.Join(reg.Names(), ", "))
	case output != "" && outDir != "":
		return nil, fmt.Errorf("--output and --output-dir cannot be combined")
	case len(formats) > 1 && outDir == "":
		return nil, fmt.Errorf("--format %s names %d formats: add --output-dir DIR to write one file each", list, len(formats))
	}
	return formats, nil
}

// writeReports renders every format: to --output-dir (one file each), to
// --output, or to stdout, with colour only on a terminal without NO_COLOR.
func writeReports(reg *reporters.Registry, formats []string, output, outDir string, in reporters.Input, stdout io.Writer) error {
	if outDir != "" {
		if err := os.MkdirAll(outDir, 0o755); err != nil {
			return err
		}
	}
	for _, format := range formats {
		rep, err := reg.Get(format)
		if err != nil {
			return err
		}
		name := output
		if outDir != "" {
			name = filepath.Join(outDir, reporters.FileName(format))
		}
		if name == "" {
			in.Color = isTerminal(stdout) && os.Getenv("NO_COLOR") == ""
			in.Width = terminalWidth(stdout)
			if err := rep.Write(stdout, in); err != nil {
				return err
			}
			continue
		}
		in.Color, in.Width = false, 0
		if err := writeFile(name, func(w io.Writer) error { return rep.Write(w, in) }); err != nil {
			return err
		}
	}
	return nil
}

// writeFile writes through a temporary file and renames it, so a failed run
// never leaves a half-written report where CI will pick it up.
func writeFile(name string, write func(io.Writer) error) error {
	f, err := os.CreateTemp(filepath.Dir(name), ".archdrift-*")
	if err != nil {
		return err
	}
	defer os.Remove(f.Name())
	if err := write(f); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if err := os.Chmod(f.Name(), 0o644); err != nil {
		return err
	}
	return os.Rename(f.Name(), name)
}
