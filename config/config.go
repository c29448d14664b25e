// Package config reads .archdrift.yaml, the per-repository settings: what to
// exclude from the observed side, explicit mappings between documented and
// observed elements, and gate defaults. Decoding is strict: a misspelt key is
// an error with its line, because a silently ignored setting is a gate that
// does not do what its owner thinks.
package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"regexp"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// FileName is the default config file name at the repository root.
const FileName = ".archdrift.yaml"

// Config is the decoded .archdrift.yaml.
type Config struct {
	// Model is the documented model file, relative to the root.
	Model string `yaml:"model"`
	// ADRDir is the ADR folder, relative to the root.
	ADRDir string `yaml:"adr-dir"`
	// Scanners limits the scanners that run.
	Scanners []string `yaml:"scanners"`
	// Exclude lists globs over observed IDs ("kubernetes:monitoring/*") that
	// are dropped before the diff: supporting infrastructure the model does
	// not describe on purpose.
	Exclude []string `yaml:"exclude"`
	// Mappings maps a documented element ID to observed IDs or globs.
	Mappings map[string][]string `yaml:"mappings"`
	// Prefixes are estate-wide name prefixes ("shop-") ignored when matching
	// by name, on top of the ones derived from the model's system names.
	Prefixes []string `yaml:"prefixes"`
	// FailOn is the default --fail-on level.
	FailOn string `yaml:"fail-on"`
	// Rules re-grades rules: a severity (error, warning, notice) or "off".
	Rules map[string]string `yaml:"rules"`
	// Ignore silences findings by rule and element or path; every entry
	// must say why, so a suppression can be reviewed like code.
	Ignore []Ignore `yaml:"ignore"`
	// Policies are extra Rego policy folders, relative to the root.
	Policies []string `yaml:"policies"`

	// lines remembers where ignore entries were written, for messages.
	ignoreLines []int
}

// Ignore is one suppression.
type Ignore struct {
	// Rule is a rule ID or "*".
	Rule string `yaml:"rule"`
	// Element is a glob over the finding's documented or observed ID.
	Element string `yaml:"element"`
	// Path is a glob over the finding's file ("legacy/**").
	Path string `yaml:"path"`
	// Reason is mandatory.
	Reason string `yaml:"reason"`
}

// IgnoreLine returns the line of ignore entry i in the config file (0 when
// unknown).
func (c *Config) IgnoreLine(i int) int {
	if i < len(c.ignoreLines) {
		return c.ignoreLines[i]
	}
	return 0
}

// Load reads name from fsys. A missing file is not an error: it yields the
// zero Config and found=false.
func Load(fsys fs.FS, name string) (cfg *Config, found bool, err error) {
	b, err := fs.ReadFile(fsys, name)
	if errors.Is(err, fs.ErrNotExist) {
		return &Config{}, false, nil
	}
	if err != nil {
		return nil, false, fmt.Errorf("config: %w", err)
	}
	cfg, err = Parse(name, b)
	return cfg, true, err
}

var yamlLine = regexp.MustCompile(`line (\d+): (.*)`)

// Parse decodes a config file strictly.
func Parse(name string, b []byte) (*Config, error) {
	var cfg Config
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	if err := dec.Decode(&cfg); err != nil && !errors.Is(err, io.EOF) {
		return nil, positioned(name, err)
	}
	for i, g := range cfg.Exclude {
		if _, err := path.Match(g, ""); err != nil {
			return nil, fmt.Errorf("config: %s: exclude[%d] %q: %w", name, i, g, err)
		}
	}
	var root yaml.Node
	if err := yaml.Unmarshal(b, &root); err == nil {
		cfg.ignoreLines = ignoreLines(&root)
	}
	for rule, sev := range cfg.Rules {
		switch sev {
		case "error", "warning", "notice", "off":
		default:
			return nil, fmt.Errorf("config: %s: rules.%s: %q: want error, warning, notice or off", name, rule, sev)
		}
	}
	for i, ig := range cfg.Ignore {
		where := fmt.Sprintf("%s: ignore[%d]", name, i)
		if l := cfg.IgnoreLine(i); l > 0 {
			where = fmt.Sprintf("%s:%d: ignore entry", name, l)
		}
		if strings.TrimSpace(ig.Reason) == "" {
			return nil, fmt.Errorf("config: %s has no reason: say why the finding is accepted", where)
		}
		if ig.Rule == "" {
			return nil, fmt.Errorf("config: %s has no rule: name one, or \"*\" for every rule", where)
		}
		if ig.Element == "" && ig.Path == "" {
			return nil, fmt.Errorf("config: %s needs an element or a path glob", where)
		}
		for _, g := range []string{ig.Element, ig.Path} {
			if _, err := path.Match(g, ""); err != nil {
				return nil, fmt.Errorf("config: %s: bad glob %q: %w", where, g, err)
			}
		}
	}
	switch cfg.FailOn {
	case "", "error", "warning", "notice", "never":
	default:
		return nil, fmt.Errorf("config: %s: fail-on %q: want error, warning, notice or never", name, cfg.FailOn)
	}
	return &cfg, nil
}

// ignoreLines finds the line of each item of the top-level ignore list.
func ignoreLines(doc *yaml.Node) []int {
	if doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 {
		return nil
	}
	m := doc.Content[0]
	if m.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == "ignore" && m.Content[i+1].Kind == yaml.SequenceNode {
			var out []int
			for _, it := range m.Content[i+1].Content {
				out = append(out, it.Line)
			}
			return out
		}
	}
	return nil
}

// positioned rewrites yaml.v3's "yaml: line N: msg" into "file:N: msg".
func positioned(name string, err error) error {
	var te *yaml.TypeError
	if errors.As(err, &te) {
		var msgs []string
		for _, e := range te.Errors {
			msgs = append(msgs, lineMsg(name, e))
		}
		return fmt.Errorf("config: %s", strings.Join(msgs, "; "))
	}
	return fmt.Errorf("config: %s", lineMsg(name, strings.TrimPrefix(err.Error(), "yaml: ")))
}

func lineMsg(name, msg string) string {
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		n, _ := strconv.Atoi(m[1])
		return fmt.Sprintf("%s:%d: %s", name, n, strings.Replace(m[2], "not found in type config.Config", "is not a known setting", 1))
	}
	return name + ": " + msg
}

// Excluded reports whether an observed ID matches an exclude glob. Globs use
// path.Match, where "*" stops at "/"; a trailing "/**" matches everything
// below.
func (c *Config) Excluded(id string) bool {
	for _, g := range c.Exclude {
		if MatchGlob(g, id) {
			return true
		}
	}
	return false
}

// MatchGlob matches an observed ID against a glob: path.Match semantics, plus
// "**" as the last segment for "anything below".
func MatchGlob(glob, id string) bool {
	if base, ok := strings.CutSuffix(glob, "/**"); ok {
		n := strings.Count(base, "/") + 1
		if segs := strings.SplitN(id, "/", n+1); len(segs) > n {
			if ok, _ := path.Match(base, strings.Join(segs[:n], "/")); ok {
				return true
			}
		}
	}
	ok, _ := path.Match(glob, id)
	return ok
}
