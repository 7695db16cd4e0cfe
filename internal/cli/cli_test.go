package cli

import (
	"context"
	"errors"
	"flag"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestParseFlags(t *testing.T) {
	tests := []struct {
		args, want []string
	}{
		{[]string{"a", "--db", "x.db", "b"}, []string{"a", "b"}},
		{[]string{"--db=x.db", "-", "--json", "c"}, []string{"-", "c"}},
		{[]string{"a", "--", "--db"}, []string{"a", "--db"}},
	}
	for _, tt := range tests {
		fs := flag.NewFlagSet("test", flag.ContinueOnError)
		fs.String("db", "", "")
		fs.Bool("json", false, "")
		got, err := ParseFlags(fs, tt.args)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("ParseFlags(%q) mismatch (-want +got)\n%s", tt.args, diff)
		}
	}
}

type testEnv struct {
	verbose bool
	common  string
	ran     []string
}

func testProgram() *Program[testEnv] {
	return &Program[testEnv]{
		Name:  "prog",
		Intro: "Usage: prog COMMAND\n\n",
		Outro: "\nThe end.\n",
		Commands: func() []*Command[testEnv] {
			var n int
			return []*Command[testEnv]{{
				Name: "greet", Summary: "say hello", Usage: "Usage: prog greet NAME\n",
				Flags: func(fs *flag.FlagSet, e *testEnv) {
					fs.BoolVar(&e.verbose, "v", false, "loudly")
					fs.IntVar(&n, "n", 1, "`times`")
				},
				Run: func(ctx context.Context, e *testEnv, args []string) error {
					if len(args) != 1 {
						return Usagef("greet: want one NAME")
					}
					for range n {
						e.ran = append(e.ran, "hello "+args[0])
					}
					return nil
				},
			}, {
				Name: "fail", Summary: "fail",
				Run: func(ctx context.Context, e *testEnv, args []string) error { return errors.New("no") },
			}}
		},
		Common: func(c *Command[testEnv], fs *flag.FlagSet, e *testEnv) {
			fs.StringVar(&e.common, "db", "default", "the `archive`")
		},
	}
}

func TestProgram(t *testing.T) {
	p := testProgram()
	run := func(args ...string) (testEnv, string, string, int) {
		var e testEnv
		var out, errOut strings.Builder
		err := p.Run(t.Context(), &e, args, &out, &errOut)
		return e, out.String(), errOut.String(), ExitCode(err)
	}
	// Flags before the command, a bool flag among them, and after the
	// arguments.
	if e, _, _, code := run("-v", "--db", "x.db", "greet", "ann", "-n", "2"); code != 0 || !e.verbose || e.common != "x.db" ||
		!slicesEqual(e.ran, []string{"hello ann", "hello ann"}) {
		t.Errorf("greet: exit %d, env %+v", code, e)
	}
	if _, out, _, code := run("help"); code != 0 || out != "Usage: prog COMMAND\n\n  greet  say hello\n  fail   fail\n  help   explain a command\n\nThe end.\n" {
		t.Errorf("help: exit %d, %q", code, out)
	}
	for _, args := range [][]string{{"help", "greet"}, {"greet", "--help"}, {"-h", "greet"}} {
		if _, out, _, code := run(args...); code != 0 || !strings.HasPrefix(out, "Usage: prog greet NAME\n\nFlags:\n") || !strings.Contains(out, "-db archive") {
			t.Errorf("%q: exit %d, %q", args, code, out)
		}
	}
	for _, tt := range []struct {
		args    []string
		code    int
		message string // in stderr
	}{
		{nil, 2, "Usage: prog COMMAND"},
		{[]string{"frob"}, 2, "greet  say hello"},
		{[]string{"greet"}, 2, ""},
		{[]string{"greet", "--nope", "x"}, 2, ""},
		{[]string{"help", "frob"}, 2, ""},
		{[]string{"fail"}, 1, ""},
	} {
		if _, _, errOut, code := run(tt.args...); code != tt.code || !strings.Contains(errOut, tt.message) {
			t.Errorf("%q: exit %d, stderr %q; want %d and %q", tt.args, code, errOut, tt.code, tt.message)
		}
	}
	if ExitCode(nil) != 0 || ExitCode(ErrReported) != 1 || ExitCode(Usagef("x")) != 2 {
		t.Error("ExitCode")
	}
}

func slicesEqual(a, b []string) bool { return cmp.Equal(a, b) }
