package compose

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"path/filepath"
	"strings"

	"github.com/compose-spec/compose-go/v2/dotenv"
	"github.com/compose-spec/compose-go/v2/types"

	"github.com/archdrift/archdrift/model"
	"github.com/archdrift/archdrift/scanners"
)

// maxEnvFiles caps the distinct env files one project reads.
const maxEnvFiles = 64

// serviceEnv resolves the environment of a service as docker compose would:
// its env_file entries in order, then its environment attribute, which wins.
// compose-go would read env files from the OS file system, so the scanner
// reads them through its fs.FS, inside the root only, with compose-go's
// parser.
func (l *projectLoader) serviceEnv(s service, files []*composeFile) map[string]envVar {
	out := map[string]envVar{}
	for _, ef := range s.EnvFiles {
		name, ok := l.envFilePath(ef.Path)
		if !ok {
			l.diagService(files, s.Name, "env_file", "env_file %q is outside the repository root; not read", ef.Path)
			continue
		}
		ev := l.readEnvFile(name, ef, s.Name, files)
		if ev == nil {
			continue
		}
		for k, v := range ev.vars {
			out[k] = envVar{value: v, file: name, line: ev.lines[k]}
		}
	}
	for k, v := range s.Environment {
		if v != nil {
			out[k] = envVar{value: *v}
		}
	}
	return out
}

// envFilePath turns an env_file path, relative to the project directory,
// into a path relative to the root; ok is false when it leaves the root.
func (l *projectLoader) envFilePath(p string) (string, bool) {
	if p == "" || path.IsAbs(p) || filepath.IsAbs(p) || strings.ContainsAny(p, "\\~") || strings.Contains(p, "://") {
		return "", false
	}
	name := path.Join(l.p.dir, p)
	return name, fs.ValidPath(name)
}

// readEnvFile reads one env file, once per project. Variables in it are
// interpolated from the project's .env file, as docker compose does.
func (l *projectLoader) readEnvFile(name string, ef types.EnvFile, service string, files []*composeFile) *envFile {
	key := name + "\x00" + ef.Format
	if f, ok := l.envFiles[key]; ok {
		return f
	}
	if l.envBudget == 0 {
		l.diagService(files, service, "env_file", "more than %d env files in the project; %s not read", maxEnvFiles, name)
		return nil
	}
	l.envBudget--
	l.envFiles[key] = nil
	data, err := scanners.ReadFile(l.fsys, name)
	if errors.Is(err, fs.ErrNotExist) {
		if ef.Required {
			l.diagService(files, service, "env_file", "env_file %s not found", name)
		}
		return nil
	}
	if err != nil {
		l.diag(model.DiagWarning, name, 0, 0, "cannot read: %v", err)
		return nil
	}
	vars := map[string]string{}
	lookup := func(k string) (string, bool) {
		v, ok := l.env[k]
		return v, ok
	}
	if err := dotenv.ParseWithFormat(bytes.NewReader(data), name, vars, lookup, ef.Format); err != nil {
		l.diag(model.DiagWarning, name, 0, 0, "%v", err)
		return nil
	}
	f := &envFile{vars: vars, lines: envKeyLines(data)}
	l.envFiles[key] = f
	return f
}

// envFile is an env file as read: its variables and the line that sets each.
type envFile struct {
	vars  map[string]string
	lines map[string]int
}

// envKeyLines finds the line that first sets each variable of an env file:
// a line "[export ]KEY=..." (or "KEY: ..."). The parser keeps no lines; for a
// source, the first line is close enough.
func envKeyLines(data []byte) map[string]int {
	out := map[string]int{}
	for i, ln := range strings.Split(string(data), "\n") {
		ln = strings.TrimSpace(ln)
		ln = strings.TrimPrefix(ln, "export ")
		k, _, ok := strings.Cut(ln, "=")
		if !ok {
			k, _, ok = strings.Cut(ln, ":")
		}
		k = strings.TrimSpace(k)
		if ok && k != "" && !strings.HasPrefix(k, "#") {
			if _, seen := out[k]; !seen {
				out[k] = i + 1
			}
		}
	}
	return out
}

// diagService reports a warning at an attribute of a service.
func (l *projectLoader) diagService(files []*composeFile, service, attr, format string, args ...any) {
	scope := extendsScope{files: files}
	file, line, col := scope.locate("services." + service + "." + attr)
	l.diag(model.DiagWarning, file, line, col, "service %s: %s", service, fmt.Sprintf(format, args...))
}
