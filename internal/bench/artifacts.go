package bench

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/lambda-firewall/lambda-firewall/internal/layer"
	"github.com/lambda-firewall/lambda-firewall/rules"
)

// Artifacts are the sizes of what the layer ships.
type Artifacts struct {
	BinaryBytes   int64
	LayerZipBytes int64
}

// MeasureArtifacts sizes bin and the layer zip built from it (with the
// wrapper script and the default rules) in dir, as `make layer` builds it.
func MeasureArtifacts(bin, wrapper, dir string) (Artifacts, error) {
	var a Artifacts
	st, err := os.Stat(bin)
	if err != nil {
		return a, fmt.Errorf("failed to size the binary: %w", err)
	}
	a.BinaryBytes = st.Size()
	files, err := layer.Layout(bin, wrapper, rules.Default)
	if err != nil {
		return a, fmt.Errorf("failed to lay out the layer: %w", err)
	}
	zipPath := filepath.Join(dir, "layer.zip")
	f, err := os.Create(zipPath)
	if err != nil {
		return a, fmt.Errorf("failed to create the layer zip: %w", err)
	}
	if err := layer.Write(f, files); err != nil {
		f.Close()
		return a, fmt.Errorf("failed to write the layer zip: %w", err)
	}
	if err := f.Close(); err != nil {
		return a, fmt.Errorf("failed to write the layer zip: %w", err)
	}
	if st, err = os.Stat(zipPath); err != nil {
		return a, fmt.Errorf("failed to size the layer zip: %w", err)
	}
	a.LayerZipBytes = st.Size()
	return a, nil
}
