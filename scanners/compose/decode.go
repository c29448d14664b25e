package compose

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/compose-spec/compose-go/v2/consts"
	"github.com/compose-spec/compose-go/v2/loader"
	"github.com/compose-spec/compose-go/v2/types"
)

// service is what the scanner reads of one compose service: the attributes
// that make elements and relationships, decoded from compose-go's
// normalised model into compose-go's own types, each the way its decoder
// (loader.Transform, with its hooks) decodes it.
//
// compose-go's loader.ModelToProject would decode every attribute of every
// service into a types.ServiceConfig, a struct of about a hundred fields that
// mapstructure walks field by field whatever the service holds: at 100
// projects that was a third of the scan. Decoding only these attributes
// gives the same values for them; the difference is that an attribute the
// scanner does not read, which the compose schema accepts but compose-go
// cannot turn into its Go type (mem_limit: lots), no longer drops the
// project.
type service struct {
	Name          string
	Image         string
	Build         *serviceBuild
	Profiles      []string
	Labels        types.Labels
	ContainerName string
	DependsOn     types.DependsOnConfig
	Links         []string
	NetworkMode   string
	Ipc           string
	Pid           string
	Uts           string
	Cgroup        string
	VolumesFrom   []string
	Networks      map[string]*serviceNetwork
	Environment   types.MappingWithEquals
	EnvFiles      []types.EnvFile
	Command       types.ShellCommand
	Entrypoint    types.ShellCommand
}

// serviceBuild is the part of a build section the scanner shows.
type serviceBuild struct {
	Context string `yaml:"context"`
}

// serviceNetwork is the part of a service's network entry that names it.
type serviceNetwork struct {
	Aliases []string `yaml:"aliases"`
}

// decodeServices decodes every service of a normalised model, whatever its
// profiles, sorted by name. An attribute that does not decode is an error
// naming its path (services.web.command).
func decodeServices(dict map[string]any) ([]service, error) {
	raw, _ := dict["services"].(map[string]any)
	out := make([]service, 0, len(raw))
	for _, name := range slices.Sorted(maps.Keys(raw)) {
		m, _ := raw[name].(map[string]any)
		s := service{Name: name}
		for _, a := range []struct {
			key string
			out any
		}{
			{"image", &s.Image}, {"build", &s.Build}, {"profiles", &s.Profiles}, {"labels", &s.Labels},
			{"container_name", &s.ContainerName}, {"depends_on", &s.DependsOn}, {"links", &s.Links},
			{"network_mode", &s.NetworkMode}, {"ipc", &s.Ipc}, {"pid", &s.Pid}, {"uts", &s.Uts}, {"cgroup", &s.Cgroup},
			{"volumes_from", &s.VolumesFrom}, {"networks", &s.Networks}, {"environment", &s.Environment},
			{"env_file", &s.EnvFiles}, {"command", &s.Command}, {"entrypoint", &s.Entrypoint},
		} {
			if err := decodeAttr(m[a.key], a.out); err != nil {
				return nil, fmt.Errorf("services.%s.%s: %w", name, a.key, err)
			}
		}
		out = append(out, s)
	}
	return out, nil
}

// decodeAttr decodes one attribute value into out as loader.Transform
// would, taking the direct way for the shapes the schema and the
// normalisation leave the common attributes in: nil sets nothing
// (mapstructure leaves the field as it is), a string is a string, a list of
// strings a []string, depends_on entries hold a condition string and
// required and restart booleans, network entries are empty or hold only
// aliases, and a type with its own decoder (labels, environment, command
// lines) is handed the value, as compose-go's decoder hook does. Anything
// else goes through loader.Transform itself.
func decodeAttr(v, out any) error {
	if v == nil {
		return nil
	}
	if m, ok := v.(map[string]any); ok {
		switch out.(type) {
		case *types.Labels, *types.MappingWithEquals, *map[string]*serviceNetwork:
			v = moveExtensions(m)
		}
	}
	switch o := out.(type) {
	case *string:
		if s, ok := v.(string); ok {
			*o = s
			return nil
		}
	case *[]string:
		if l, ok := stringList(v); ok {
			*o = l
			return nil
		}
	case *types.DependsOnConfig:
		if deps, ok := dependsOn(v); ok {
			*o = deps
			return nil
		}
	case *map[string]*serviceNetwork:
		if nets, ok := networks(v); ok {
			*o = nets
			return nil
		}
	case interface{ DecodeMapstructure(any) error }:
		return o.DecodeMapstructure(v)
	}
	return loader.Transform(v, out)
}

// stringList returns v as a []string when it is a list of strings.
func stringList(v any) ([]string, bool) {
	l, ok := v.([]any)
	if !ok {
		return nil, false
	}
	out := make([]string, len(l))
	for i, e := range l {
		if out[i], ok = e.(string); !ok {
			return nil, false
		}
	}
	return out, true
}

// networks returns v as a service's networks when each entry is empty
// (nil, as normalisation adds the default network) or holds only a list of
// aliases, or none.
func networks(v any) (map[string]*serviceNetwork, bool) {
	m, ok := v.(map[string]any)
	if !ok {
		return nil, false
	}
	out := make(map[string]*serviceNetwork, len(m))
	for name, e := range m {
		switch e := e.(type) {
		case nil:
			out[name] = nil
		case map[string]any:
			n := &serviceNetwork{}
			for k, a := range e {
				if k != "aliases" {
					return nil, false
				}
				if a != nil {
					if n.Aliases, ok = stringList(a); !ok {
						return nil, false
					}
				}
			}
			out[name] = n
		default:
			return nil, false
		}
	}
	return out, true
}

// dependsOn returns v as depends_on entries when each holds only a
// condition string and required and restart booleans, as normalised
// entries do.
func dependsOn(v any) (types.DependsOnConfig, bool) {
	m, ok := v.(map[string]any)
	if !ok {
		return nil, false
	}
	out := make(types.DependsOnConfig, len(m))
	for name, e := range m {
		attrs, ok := e.(map[string]any)
		if !ok {
			return nil, false
		}
		var d types.ServiceDependency
		for k, a := range attrs {
			switch k {
			case "condition":
				d.Condition, ok = a.(string)
			case "required":
				d.Required, ok = a.(bool)
			case "restart":
				d.Restart, ok = a.(bool)
			default:
				ok = false
			}
			if !ok {
				return nil, false
			}
		}
		out[name] = d
	}
	return out, true
}

// moveExtensions returns m with its x-* keys gathered under "#extensions",
// as compose-go's ModelToProject does, before decoding, in every map that is
// not a map of user-defined names. Of the maps read here, those whose keys
// are data (variables, labels, networks) are such maps, and decoding reads
// that entry as one more name; m itself is left as it is.
func moveExtensions(m map[string]any) map[string]any {
	var extras map[string]any
	for k, v := range m {
		if strings.HasPrefix(k, "x-") {
			if extras == nil {
				extras = map[string]any{}
			}
			extras[k] = v
		}
	}
	if extras == nil {
		return m
	}
	out := make(map[string]any, len(m)-len(extras)+1)
	for k, v := range m {
		if _, moved := extras[k]; !moved {
			out[k] = v
		}
	}
	out[consts.Extensions] = extras
	return out
}
