package kremlinhtml_test

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/rostrum/rostrum/internal/parser/kremlinhtml"
)

func TestZZDump(t *testing.T) {
	fs := os.Getenv("DUMP")
	if fs == "" {
		t.Skip()
	}
	for _, f := range strings.Fields(fs) {
		fh, _ := os.Open(f)
		d, err := kremlinhtml.Parse(fh, f)
		if err != nil {
			fmt.Println("ERR", err)
			continue
		}
		b, _ := json.MarshalIndent(d, "", " ")
		fmt.Println(string(b))
	}
}
