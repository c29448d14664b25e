package compose

import (
	"errors"
	"fmt"
	"maps"

	"github.com/compose-spec/compose-go/v2/consts"
	"github.com/compose-spec/compose-go/v2/interpolation"
	"github.com/compose-spec/compose-go/v2/loader"
	"github.com/compose-spec/compose-go/v2/override"
	"github.com/compose-spec/compose-go/v2/schema"
	"github.com/compose-spec/compose-go/v2/transform"
	"github.com/compose-spec/compose-go/v2/types"
	"github.com/compose-spec/compose-go/v2/validation"
)

// loadDecoded is loader.LoadModelWithContext for files handed over decoded
// (handoff.go), with the scanner's options: the same steps, in the same
// order, each one compose-go's own exported function, except that three of
// them walk a pruned copy of the model (prune.go). compose-go runs every
// step over the whole model and offers no option to do otherwise; that was
// half the cost of a scan.
//
// The steps of compose-go's loadYamlFile and loadYamlModel that do not
// appear here do nothing for these files and options: parsing and the
// !reset/!override processing (the files are decoded and plain),
// converting keys to strings (a plain file's keys are strings, and yaml.v3
// decodes its mappings as map[string]any; the lists it rebuilds,
// interpolation rebuilds again), renaming the x-develop and
// x-initialSync extensions (a plain file holds neither key), include and
// extends (skipped), default values (skipped), relative paths (not
// resolved) and normalisation (skipped). The obsolete version attribute is
// dropped as compose-go drops it, without compose-go's warning on the
// process-wide logger.
//
// reference_test.go compares the outcome with compose-go's own loading,
// from bytes, of every test project, and FuzzLoad of fuzzed ones;
// TestLoadDecodedAgrees compares whole models with LoadModelWithContext's
// for the same decoded files.
func (l *projectLoader) loadDecoded(dir string, files []*composeFile, configs []types.ConfigFile, name string) (map[string]any, error) {
	// loader.projectName: interpolation sees the explicit name as
	// COMPOSE_PROJECT_NAME. That it is a normalised name, which compose-go
	// checks, explicitName has checked: files are decoded only then.
	details := types.ConfigDetails{WorkingDir: dir, Environment: types.Mapping{}, ConfigFiles: configs}
	maps.Copy(details.Environment, l.env)
	details.Environment[consts.ComposeProjectName] = name
	interp := interpolation.Options{Substitute: l.substitute, LookupValue: details.LookupEnv, TypeCastMapping: castsFor(files)}

	dict := map[string]any{}
	for _, file := range configs {
		cfg, err := interpolation.Interpolate(file.Config, interp)
		if err != nil {
			return nil, err
		}
		fixEmptyNotNull(cfg)
		if dict, err = override.Merge(dict, cfg); err != nil {
			return nil, err
		}
		if err := enforceUnicity(dict); err != nil {
			return nil, err
		}
		if err := schema.Validate(dict); err != nil {
			return nil, fmt.Errorf("validating %s: %w", file.Filename, err)
		}
		delete(dict, "version")
		if err := canonical(dict); err != nil {
			return nil, err
		}
		dict = loader.OmitEmpty(dict)
		// Canonical forms can reveal duplicates (a port range and a
		// port of an override), as compose-go notes.
		if err := enforceUnicity(dict); err != nil {
			return nil, err
		}
	}
	if err := validateModel(dict); err != nil {
		return nil, err
	}
	loader.ResolveEnvironment(dict, details.Environment)
	if len(dict) == 0 {
		return nil, errors.New("empty compose file")
	}
	if name == "" {
		return nil, errors.New("project name must not be empty")
	}
	return dict, nil
}

// canonical is transform.Canonical over the pruned model.
func canonical(dict map[string]any) error {
	p := canonicalTable.prune(dict)
	// ignoreParseError is set only when interpolation is skipped.
	if _, err := transform.Canonical(p.copy, false); err != nil {
		return err
	}
	p.writeBack()
	return nil
}

// enforceUnicity is override.EnforceUnicity over the pruned model.
func enforceUnicity(dict map[string]any) error {
	p := unicityTable.prune(dict)
	if _, err := override.EnforceUnicity(p.copy); err != nil {
		return err
	}
	p.writeBack()
	return nil
}

// validateModel is validation.Validate over the pruned model.
func validateModel(dict map[string]any) error {
	return validation.Validate(validationTable.prune(dict).copy)
}

// fixEmptyNotNull is compose-go's loader.fixEmptyNotNull: an empty
// sequence that decoded as a nil slice becomes an empty one.
func fixEmptyNotNull(value any) any {
	switch v := value.(type) {
	case []any:
		if v == nil {
			return []any{}
		}
		for i, e := range v {
			v[i] = fixEmptyNotNull(e)
		}
	case map[string]any:
		for k, e := range v {
			v[k] = fixEmptyNotNull(e)
		}
	}
	return value
}
