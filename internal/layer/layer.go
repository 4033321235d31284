package layer

import (
	"archive/zip"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"sort"
	"time"
)

// File is one entry of the layer.
type File struct {
	Name string      // path inside the zip, slash-separated, e.g. "extensions/lambda-firewall"
	Mode fs.FileMode // permission bits, e.g. 0o755
	Open func() (io.ReadCloser, error)
}

// Paths inside the layer (unpacked under /opt).
const (
	ExtensionPath = "extensions/lambda-firewall"
	WrapperPath   = "wrapper-script.sh"
	RulesDir      = "lambda-firewall/rules"
)

// Layout lists the files of the layer: the extension binary, the wrapper and
// every file of the bundles under rulesFS (copied under RulesDir).
func Layout(extensionBinary, wrapperScript string, rulesFS fs.FS) ([]File, error) {
	files := []File{
		{Name: ExtensionPath, Mode: 0o755, Open: openFile(extensionBinary)},
		{Name: WrapperPath, Mode: 0o755, Open: openFile(wrapperScript)},
	}
	err := fs.WalkDir(rulesFS, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			return nil
		}
		files = append(files, File{Name: path.Join(RulesDir, p), Mode: 0o644, Open: func() (io.ReadCloser, error) {
			return rulesFS.Open(p)
		}})
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("failed to list the rule bundles: %w", err)
	}
	sort.Slice(files, func(i, j int) bool { return files[i].Name < files[j].Name })
	return files, nil
}

func openFile(name string) func() (io.ReadCloser, error) {
	return func() (io.ReadCloser, error) { return os.Open(name) }
}

// fixedTime makes the zip reproducible.
var fixedTime = time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)

// Write writes files as a zip to w, with Unix modes and fixed timestamps.
func Write(w io.Writer, files []File) error {
	zw := zip.NewWriter(w)
	for _, f := range files {
		h := &zip.FileHeader{Name: f.Name, Method: zip.Deflate, Modified: fixedTime}
		h.SetMode(f.Mode)
		dst, err := zw.CreateHeader(h)
		if err != nil {
			return fmt.Errorf("failed to add %s: %w", f.Name, err)
		}
		src, err := f.Open()
		if err != nil {
			return fmt.Errorf("failed to open %s: %w", f.Name, err)
		}
		_, err = io.Copy(dst, src)
		src.Close()
		if err != nil {
			return fmt.Errorf("failed to write %s: %w", f.Name, err)
		}
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("failed to finish the zip: %w", err)
	}
	return nil
}
