package rules

import (
	"embed"
	"io/fs"
)

// bundleFS holds the default bundle directory, dot files (.manifest) included.
//
//go:embed all:default
var bundleFS embed.FS

// Default is the default bundle with its files at the root of the FS, as
// policy.Options.Embedded expects. It includes the *_test.rego files, which
// the policy loader ignores for evaluation.
var Default fs.FS = mustSub(bundleFS, "default")

func mustSub(f fs.FS, dir string) fs.FS {
	sub, err := fs.Sub(f, dir)
	if err != nil {
		panic("rules: embedded bundle: " + err.Error())
	}
	return sub
}
