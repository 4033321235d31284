package main

import (
	"context"
	"flag"
	"fmt"
	"io"

	"github.com/lambda-firewall/lambda-firewall/internal/detect"
)

func init() { subcommands["report"] = cmdReport }

// cmdReport measures the policy's detection on the corpora: OWASP CRS
// regression cases replayed as API Gateway v2 events (blocked per family
// and paranoia level), the benign corpus (false positives) and the Big List
// of Naughty Strings in every HTTP field.
func cmdReport(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("report", flag.ContinueOnError)
	fs.SetOutput(stderr)
	policies := fs.String("policy", "", "comma-separated bundle directories or .tar.gz files (default: the embedded pack)")
	crs := fs.String("crs", "../shared/corpus/crs-regression.jsonl", "the CRS regression corpus (JSON lines)")
	benign := fs.String("benign", "rules/testdata/benign", "directory of labelled benign events")
	blns := fs.String("blns", "../shared/corpus/blns.json", "the Big List of Naughty Strings")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	ev, err := loadPolicy(ctx, toolConfig(*policies, getenv))
	if err != nil {
		fmt.Fprintln(stderr, "lambda-firewall report:", err)
		return 1
	}
	rep, err := detect.Measure(ctx, ev, detect.Options{CRSPath: *crs, BenignDir: *benign, BLNSPath: *blns})
	if err != nil {
		fmt.Fprintln(stderr, "lambda-firewall report:", err)
		return 1
	}
	rep.Format(stdout)
	return 0
}
