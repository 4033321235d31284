package policy

import (
	"io/fs"
	"strings"
)

// withoutTests hides the *_test.rego files of an embedded bundle, so that
// they are not even parsed when the bundle is loaded for evaluation: the
// default pack's tests would otherwise cost cold-start time for nothing.
type withoutTests struct{ fsys fs.FS }

func (w withoutTests) Open(name string) (fs.File, error) {
	if strings.HasSuffix(name, testFileSuffix) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	return w.fsys.Open(name)
}

func (w withoutTests) ReadDir(name string) ([]fs.DirEntry, error) {
	entries, err := fs.ReadDir(w.fsys, name)
	if err != nil {
		return nil, err
	}
	kept := entries[:0]
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), testFileSuffix) {
			kept = append(kept, e)
		}
	}
	return kept, nil
}
