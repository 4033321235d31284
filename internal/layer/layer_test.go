package layer

import (
	"archive/zip"
	"bytes"
	"debug/elf"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"testing/fstest"
)

func TestWriteSetsModes(t *testing.T) {
	dir := t.TempDir()
	bin := filepath.Join(dir, "bin")
	wrapper := filepath.Join(dir, "wrapper")
	os.WriteFile(bin, []byte("binary"), 0o600)
	os.WriteFile(wrapper, []byte("#!/bin/sh\n"), 0o600)
	rules := fstest.MapFS{".manifest": {Data: []byte(`{}`)}, "main.rego": {Data: []byte("package x")}}
	files, err := Layout(bin, wrapper, rules)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := Write(&buf, files); err != nil {
		t.Fatal(err)
	}
	checkLayer(t, buf.Bytes(), false)
}

// TestLayerZip checks the zips `make layer` built (CI sets
// LAMBDA_FIREWALL_LAYER_DIR), or builds the layer for this architecture
// itself: layout, run bits, a Linux executable of the right architecture.
func TestLayerZip(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the extension binary")
	}
	zips := map[string]string{}
	if dir := os.Getenv("LAMBDA_FIREWALL_LAYER_DIR"); dir != "" {
		for _, arch := range []string{"amd64", "arm64"} {
			zips[arch] = filepath.Join(dir, "lambda-firewall-"+arch+".zip")
		}
	} else {
		dir := t.TempDir()
		bin := filepath.Join(dir, "lambda-firewall")
		cmd := exec.Command("go", "build", "-trimpath", "-ldflags", "-s -w", "-o", bin, "../../cmd/lambda-firewall")
		cmd.Env = append(os.Environ(), "CGO_ENABLED=0", "GOOS=linux")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("go build: %v\n%s", err, out)
		}
		files, err := Layout(bin, "../../wrapper-script.sh", os.DirFS("../../rules/default"))
		if err != nil {
			t.Fatal(err)
		}
		z := filepath.Join(dir, "layer.zip")
		f, _ := os.Create(z)
		if err := Write(f, files); err != nil {
			t.Fatal(err)
		}
		f.Close()
		zips[runtime.GOARCH] = z
	}
	for arch, z := range zips {
		data, err := os.ReadFile(z)
		if err != nil {
			t.Fatalf("%s: %v", arch, err)
		}
		st, _ := os.Stat(z)
		t.Logf("%s layer: %d bytes", arch, st.Size())
		if st.Size() > 12<<20 {
			t.Errorf("%s layer is %d bytes, over the 12 MiB budget", arch, st.Size())
		}
		bin := checkLayer(t, data, true)
		f, err := elf.NewFile(bytes.NewReader(bin))
		if err != nil {
			t.Fatalf("%s: extension is not an ELF binary: %v", arch, err)
		}
		want := map[string]elf.Machine{"amd64": elf.EM_X86_64, "arm64": elf.EM_AARCH64}[arch]
		if f.Machine != want {
			t.Errorf("%s: binary is for %v", arch, f.Machine)
		}
	}
}

// checkLayer asserts the layout and modes and returns the extension binary.
func checkLayer(t *testing.T, data []byte, wantRules bool) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var bin []byte
	seen := map[string]bool{}
	for _, f := range zr.File {
		seen[f.Name] = true
		mode := f.Mode().Perm()
		switch {
		case f.Name == ExtensionPath || f.Name == WrapperPath:
			if mode != 0o755 {
				t.Errorf("%s mode %v, want 0755", f.Name, mode)
			}
			if f.Name == ExtensionPath {
				rc, _ := f.Open()
				bin, _ = io.ReadAll(rc)
				rc.Close()
			}
		case strings.HasPrefix(f.Name, RulesDir+"/"):
			if mode != 0o644 {
				t.Errorf("%s mode %v, want 0644", f.Name, mode)
			}
		default:
			t.Errorf("unexpected file %s in the layer", f.Name)
		}
	}
	for _, want := range []string{ExtensionPath, WrapperPath, RulesDir + "/.manifest"} {
		if !seen[want] {
			t.Errorf("layer lacks %s", want)
		}
	}
	if wantRules {
		rego := false
		for name := range seen {
			rego = rego || strings.HasSuffix(name, ".rego")
		}
		if !rego {
			t.Error("layer has no .rego files")
		}
	}
	return bin
}
