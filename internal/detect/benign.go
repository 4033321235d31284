package detect

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
)

// BenignEvent is one labelled event of the benign corpus.
type BenignEvent struct {
	Name   string          `json:"name"`
	Source string          `json:"source"`
	Expect string          `json:"expect"` // "allow" or "mask"; a block is a false positive
	Event  json.RawMessage `json:"event"`
}

// LoadBenign reads every *.jsonl file of dir.
func LoadBenign(dir string) ([]BenignEvent, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.jsonl"))
	if err != nil {
		return nil, fmt.Errorf("list benign corpus: %w", err)
	}
	sort.Strings(files)
	var out []BenignEvent
	for _, path := range files {
		evs, err := loadBenignFile(path)
		if err != nil {
			return nil, err
		}
		out = append(out, evs...)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("benign corpus %s: no events", dir)
	}
	return out, nil
}

func loadBenignFile(path string) ([]BenignEvent, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("open benign corpus: %w", err)
	}
	defer f.Close()
	var out []BenignEvent
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 1<<16), 1<<24)
	for line := 1; sc.Scan(); line++ {
		var e BenignEvent
		if err := json.Unmarshal(sc.Bytes(), &e); err != nil {
			return nil, fmt.Errorf("benign corpus %s line %d: %w", path, line, err)
		}
		out = append(out, e)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read benign corpus %s: %w", path, err)
	}
	return out, nil
}
