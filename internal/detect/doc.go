// Package detect measures the shipped rule packs.
//
// It replays the OWASP CRS regression corpus (../shared/corpus/crs-regression.jsonl)
// as API Gateway HTTP API (payload v2) events through engine.BuildEventInput and a
// policy evaluator, and reports how many attack cases are blocked per family and
// paranoia level. It also reports the false-positive rate of the benign corpus
// (rules/testdata/benign) and which fields block when the Big List of Naughty
// Strings is placed in every HTTP field.
//
// The entry point is Measure, which returns a Report whose Format method prints
// the tables. The functions take a Decider, so tests can pass the default bundle
// loaded with policy.Load.
package detect
