package rules

import (
	"embed"
	"io/fs"
)

//go:embed all:default
var defaultFiles embed.FS

// Default is the default bundle (rules/default) with the bundle at the FS
// root: what the extension runs with zero configuration.
var Default fs.FS = mustSub(defaultFiles, "default")

func mustSub(f fs.FS, dir string) fs.FS {
	sub, err := fs.Sub(f, dir)
	if err != nil {
		panic(err) // cannot happen: dir is embedded
	}
	return sub
}
