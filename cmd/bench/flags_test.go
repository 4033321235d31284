package main

import (
	"io"
	"slices"
	"testing"
)

func TestParseSizes(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []int
		bad  bool
	}{
		{in: "1.5KB,64KB,1MB,6MB", want: []int{1536, 65536, 1 << 20, 6 << 20}},
		{in: "100B, 2kb", want: []int{100, 2048}},
		{in: "7MB", bad: true},
		{in: "big", bad: true},
		{in: "-1KB", bad: true},
	} {
		got, err := parseSizes(tc.in)
		if (err != nil) != tc.bad || !slices.Equal(got, tc.want) {
			t.Errorf("parseSizes(%q) = %v, %v; want %v (error %v)", tc.in, got, err, tc.want, tc.bad)
		}
	}
}

func TestParseFlags(t *testing.T) {
	o, err := parseFlags([]string{"-quick"}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(o.roundTrip.Sizes, []int{1536}) || o.roundTrip.Invokes != 12 || !o.runs(partRSS) {
		t.Errorf("quick options %+v", o)
	}
	for _, args := range [][]string{{"-skip", "nope"}, {"-conc", "0"}, {"-n", "0"}, {"extra"}} {
		if _, err := parseFlags(args, io.Discard); err == nil {
			t.Errorf("parseFlags(%q) accepted", args)
		}
	}
}
