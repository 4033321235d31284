// Command benigngen writes the benign event corpus used to measure false
// positives of the default rule pack (rules/testdata/benign/benign.jsonl).
//
// The output is deterministic: the same binary always writes the same bytes.
// Each line is {"name", "source", "expect", "event"} where expect is "allow" or
// "mask" (a block is a false positive).
//
//	go run ./internal/detect/benigngen -out rules/testdata/benign/benign.jsonl
package main
