package main

import (
	"fmt"
	"io"
	"text/tabwriter"
)

// printTable writes the rows as an aligned table.
func printTable(w io.Writer, rows []row) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "EVENT\tPOLICY DECISION\tHANDLER RECEIVED\tCALLER GOT")
	for _, r := range rows {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", r.event, r.decision, r.handler, r.caller)
	}
	tw.Flush()
}
