// Command demo shows lambda-firewall at work on a real Lambda runtime
// emulator, from a fresh checkout with only Go installed:
//
//	sudo go run ./cmd/demo
//
// It builds the extension and an aws-lambda-go test function, finds or
// installs the pinned aws-lambda-rie, runs the function under the emulator
// with the extension and its embedded default rules, sends a set of real
// events (built-in API Gateway v2 and SQS scenarios, plus the JSON files of
// rules/testdata/events when present) and prints, for each event, what the
// policy decided, what the handler received and what the caller got.
//
// The emulator hard-codes /opt and /var/task, so the demo runs it in private
// mount and PID namespaces (see internal/rie), which needs root.
package main
