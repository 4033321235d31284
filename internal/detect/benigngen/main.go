package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"math/rand/v2"
	"os"
	"time"
)

var zeroTime = time.Unix(0, 0)

// entry is one line of the corpus.
type entry struct {
	Name   string `json:"name"`
	Source string `json:"source"`
	Expect string `json:"expect"`
	Event  any    `json:"event"`
}

func main() {
	out := flag.String("out", "rules/testdata/benign/benign.jsonl", "output JSONL file")
	flag.Parse()
	if err := write(*out); err != nil {
		log.Fatal(err)
	}
}

func write(path string) error {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("create %s: %w", path, err)
	}
	w := bufio.NewWriter(f)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	for _, e := range corpus() {
		if err := enc.Encode(e); err != nil {
			f.Close()
			return fmt.Errorf("encode %s: %w", e.Name, err)
		}
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	return f.Close()
}

// corpus builds every entry from a fixed seed.
func corpus() []entry {
	rng := rand.New(rand.NewPCG(2026, 11))
	var out []entry
	add := func(source, expect string, i int, ev any) {
		out = append(out, entry{Name: fmt.Sprintf("%s-%03d", source, i), Source: source, Expect: expect, Event: ev})
	}
	for i, r := range requests(rng, 48) {
		add("apigw_http", "allow", i, apigwV2(r, i, "f6g7h8i9j0.execute-api.eu-west-1.amazonaws.com"))
	}
	for i, r := range requests(rng, 48) {
		add("apigw_rest", "allow", i, apigwV1(r, i))
	}
	for i, r := range requests(rng, 36) {
		add("alb", "allow", i, alb(r, i))
	}
	for i, r := range requests(rng, 36) {
		add("function_url", "allow", i, apigwV2(r, i, "abcdefghijklmnop.lambda-url.eu-west-1.on.aws"))
	}
	for i, r := range requests(rng, 24) {
		add("apigw_websocket", "allow", i, websocket(r, i))
	}
	for i := 0; i < 30; i++ {
		expect := "allow"
		if i%6 == 5 {
			expect = "mask"
		}
		add("sqs", expect, i, sqs(rng, i, expect == "mask"))
	}
	for i := 0; i < 24; i++ {
		expect := "allow"
		if i%8 == 7 {
			expect = "mask"
		}
		add("sns", expect, i, sns(rng, i, expect == "mask"))
	}
	for i := 0; i < 16; i++ {
		add("s3", "allow", i, s3(rng, i))
	}
	for i := 0; i < 16; i++ {
		add("eventbridge", "allow", i, eventBridge(rng, i))
	}
	for i := 0; i < 12; i++ {
		add("dynamodb", "allow", i, dynamoDB(rng, i))
	}
	for i := 0; i < 12; i++ {
		add("kinesis", "allow", i, kinesis(rng, i))
	}
	for i := 0; i < 12; i++ {
		add("cloudwatch_logs", "allow", i, cloudWatchLogs(rng, i))
	}
	return out
}
