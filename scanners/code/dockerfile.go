package code

import (
	"os"
	"regexp"
	"strings"

	"github.com/archdrift/archdrift/model"
)

// dockerfileName reports whether a base name is a container build file:
// Dockerfile, Containerfile, Dockerfile.prod, api.Dockerfile.
func dockerfileName(name string) bool {
	n := strings.ToLower(name)
	return n == "dockerfile" || n == "containerfile" || strings.HasPrefix(n, "dockerfile.") || strings.HasSuffix(n, ".dockerfile")
}

// dockerfile is what a Dockerfile says about a unit.
type dockerfile struct {
	// image is the base image of the final stage, followed through the
	// stages it is built from; empty for scratch or when unknown.
	image string
	line  int
	// labels of the final stage and the stages it derives from.
	labels map[string]string
}

// heredoc finds a here-document opener (<<EOF, <<-"EOF") in an instruction.
var heredoc = regexp.MustCompile(`<<-?["']?([A-Za-z_][A-Za-z0-9_]*)["']?`)

// parseDockerfile reads the instructions archdrift needs: ARG defaults
// before the first stage (to expand FROM), FROM and LABEL. It never runs
// or fetches anything, and it never fails: an instruction it does not
// understand is skipped.
func parseDockerfile(data []byte) dockerfile {
	type stage struct {
		image, name string
		line        int
		labels      map[string]string
	}
	var stages []*stage
	global := map[string]string{}
	escape := byte('\\')
	lines := strings.Split(string(data), "\n")
	for i := 0; i < len(lines); i++ {
		start := i + 1
		raw := strings.TrimRight(lines[i], "\r")
		trimmed := strings.TrimSpace(raw)
		if strings.HasPrefix(trimmed, "#") {
			if len(stages) == 0 && strings.HasPrefix(strings.ToLower(strings.ReplaceAll(trimmed, " ", "")), "#escape=`") {
				escape = '`'
			}
			continue
		}
		line := raw
		if strings.HasSuffix(strings.TrimRight(line, " \t"), string(escape)) {
			var b strings.Builder // continued lines, joined in linear time
			for strings.HasSuffix(strings.TrimRight(line, " \t"), string(escape)) && i+1 < len(lines) {
				b.WriteString(strings.TrimSuffix(strings.TrimRight(line, " \t"), string(escape)))
				b.WriteByte(' ')
				i++
				line = strings.TrimRight(lines[i], "\r")
			}
			b.WriteString(line)
			line = b.String()
		}
		fields := strings.Fields(line)
		if len(fields) == 0 {
			continue
		}
		// A here-document's body is not instructions.
		if m := heredoc.FindStringSubmatch(line); m != nil {
			for i+1 < len(lines) && strings.TrimSpace(lines[i+1]) != m[1] {
				i++
			}
			i++
		}
		switch strings.ToUpper(fields[0]) {
		case "ARG":
			if len(stages) == 0 {
				for _, kv := range fields[1:] {
					if k, v, ok := strings.Cut(kv, "="); ok {
						global[k] = expandArgs(strings.Trim(v, `"'`), global)
					}
				}
			}
		case "FROM":
			s := &stage{line: start, labels: map[string]string{}}
			args := fields[1:]
			for len(args) > 0 && strings.HasPrefix(args[0], "--") {
				args = args[1:]
			}
			if len(args) > 0 {
				s.image = expandArgs(args[0], global)
			}
			if len(args) >= 3 && strings.EqualFold(args[1], "as") {
				s.name = strings.ToLower(args[2])
			}
			stages = append(stages, s)
		case "LABEL":
			if len(stages) > 0 {
				rest := strings.TrimSpace(line[strings.Index(line, fields[0])+len(fields[0]):])
				for k, v := range parseLabels(rest) {
					stages[len(stages)-1].labels[k] = v
				}
			}
		}
	}
	var out dockerfile
	if len(stages) == 0 {
		return out
	}
	// Follow the final stage back through the stages it is built FROM,
	// ancestors' labels first so that the final stage's win.
	chain := []*stage{stages[len(stages)-1]}
	for len(chain) <= len(stages) {
		img := strings.ToLower(chain[len(chain)-1].image)
		var from *stage
		for _, s := range stages {
			if s.name != "" && s.name == img && s != chain[len(chain)-1] {
				from = s
			}
		}
		if from == nil {
			break
		}
		chain = append(chain, from)
	}
	out.labels = map[string]string{}
	for i := len(chain) - 1; i >= 0; i-- {
		for k, v := range chain[i].labels {
			out.labels[k] = v
		}
	}
	last := chain[len(chain)-1]
	out.line = stages[len(stages)-1].line
	if !strings.EqualFold(last.image, "scratch") {
		out.image = last.image
	}
	return out
}

// expandArgs substitutes build arguments declared before the first FROM
// into an image reference: $X, ${X}, ${X:-default}. Unknown arguments
// expand to their default or to nothing: archdrift never reads the
// environment.
func expandArgs(s string, args map[string]string) string {
	return os.Expand(s, func(name string) string {
		if n, def, ok := strings.Cut(name, ":-"); ok {
			if v := args[n]; v != "" {
				return v
			}
			return def
		}
		if n, def, ok := strings.Cut(name, "-"); ok {
			if v, set := args[n]; set {
				return v
			}
			return def
		}
		return args[name]
	})
}

// parseLabels reads LABEL's key=value pairs, with shell quoting, or the
// legacy "LABEL key value" form.
func parseLabels(s string) map[string]string {
	words := shellWords(s)
	out := map[string]string{}
	if len(words) > 0 && !strings.Contains(words[0], "=") {
		out[words[0]] = strings.Join(words[1:], " ")
		return out
	}
	for _, w := range words {
		if k, v, ok := strings.Cut(w, "="); ok && k != "" {
			out[k] = v
		}
	}
	return out
}

// shellWords splits on unquoted blanks, removing quotes and backslashes.
func shellWords(s string) []string {
	var out []string
	var cur strings.Builder
	inWord := false
	var quote rune
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case quote == 0 && (c == ' ' || c == '\t'):
			if inWord {
				out = append(out, cur.String())
				cur.Reset()
				inWord = false
			}
		case quote == 0 && (c == '"' || c == '\''):
			quote, inWord = rune(c), true
		case quote != 0 && rune(c) == quote:
			quote = 0
		case c == '\\' && quote != '\'' && i+1 < len(s):
			i++
			cur.WriteByte(s[i])
			inWord = true
		default:
			cur.WriteByte(c)
			inWord = true
		}
	}
	if inWord {
		out = append(out, cur.String())
	}
	return out
}

// classify says what a unit built only from a Dockerfile is: a language
// runtime makes it a service written in that language; a known store or
// broker image (a database image with the schema baked in) makes it that.
func classifyImage(image string) (model.Class, string) {
	t, ok := model.TechnologyFromImage(image)
	if !ok {
		return model.ClassService, ""
	}
	if t.Category == model.CatLanguage || t.Class == model.ClassUnknown {
		return model.ClassService, t.Name
	}
	return t.Class, t.Name
}
