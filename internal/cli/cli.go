// Package cli runs a program of subcommands: PROGRAM COMMAND [flags]
// [args], with flags allowed before the command name and after the
// arguments, help for the program and for each command, and the exit
// statuses 0 (success), 1 (failure) and 2 (a mistake in the command line).
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
)

// UsageError is a mistake in the command line; it exits with status 2.
type UsageError struct{ Msg string }

func (e *UsageError) Error() string { return e.Msg }

// Usagef returns a *UsageError with the message format makes of args.
func Usagef(format string, args ...any) error { return &UsageError{fmt.Sprintf(format, args...)} }

// ErrReported is returned when a command has already told the user what
// went wrong (FILE:LINE lines, a summary) and only the exit status remains.
var ErrReported = errors.New("failures reported")

// ExitCode maps a command's error to the process exit status: 0 success,
// 1 failure, 2 bad usage.
func ExitCode(err error) int {
	var ue *UsageError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &ue):
		return 2
	}
	return 1
}

// Command is one subcommand, run with an environment E. Flags declares
// its flags on fs (and may read e); Run does the work with the
// positional arguments.
type Command[E any] struct {
	Name    string
	Summary string
	Usage   string // synopsis, then a description and an example
	Flags   func(fs *flag.FlagSet, e *E)
	Run     func(ctx context.Context, e *E, args []string) error
}

// Program is a set of commands.
type Program[E any] struct {
	Name string
	// Commands returns the commands, anew for each call (a command keeps
	// its flags' values).
	Commands func() []*Command[E]
	// Intro and Outro are the program's usage around the list of
	// commands.
	Intro, Outro string
	// Common, when set, declares the flags of c that every command, or
	// some, take, before c's own.
	Common func(c *Command[E], fs *flag.FlagSet, e *E)
	// Parsed, when set, is called once c's flags are parsed (fs.Visit
	// tells which were given), before c runs.
	Parsed func(c *Command[E], fs *flag.FlagSet, e *E)
}

// Lookup returns the command called name, or nil.
func (p *Program[E]) Lookup(name string) *Command[E] {
	for _, c := range p.Commands() {
		if c.Name == name {
			return c
		}
	}
	return nil
}

// Run reads the command line args and runs a command with e. Help goes
// to stdout; the list of commands after a mistake to stderr.
func (p *Program[E]) Run(ctx context.Context, e *E, args []string, stdout, stderr io.Writer) error {
	// Flags before the command (PROGRAM --db x.db show ID) go to the command.
	var global []string
	for len(args) > 0 && strings.HasPrefix(args[0], "-") && args[0] != "-" {
		switch name, _, hasValue := strings.Cut(strings.TrimLeft(args[0], "-"), "="); {
		case name == "h" || name == "help":
			args = append([]string{"help"}, args[1:]...)
		case !hasValue && len(args) > 1 && name != "" && !p.isBoolFlag(name):
			global, args = append(global, args[0], args[1]), args[2:]
		default:
			global, args = append(global, args[0]), args[1:]
		}
	}
	if len(args) == 0 {
		p.PrintUsage(stderr)
		return Usagef("no command given")
	}
	name, rest := args[0], args[1:]
	if name == "help" {
		if len(rest) == 0 {
			p.PrintUsage(stdout)
			return nil
		}
		if p.Lookup(rest[0]) == nil {
			return Usagef("unknown command %q: run '%s help' for the list", rest[0], p.Name)
		}
		return p.Run(ctx, e, []string{rest[0], "--help"}, stdout, stderr)
	}
	c := p.Lookup(name)
	if c == nil {
		p.PrintUsage(stderr)
		return Usagef("unknown command %q", name)
	}
	fs := flag.NewFlagSet(p.Name+" "+c.Name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	if p.Common != nil {
		p.Common(c, fs, e)
	}
	if c.Flags != nil {
		c.Flags(fs, e)
	}
	positional, err := ParseFlags(fs, append(global, rest...))
	if errors.Is(err, flag.ErrHelp) {
		fmt.Fprintf(stdout, "%s\nFlags:\n", strings.TrimSpace(c.Usage)+"\n")
		fs.SetOutput(stdout)
		fs.PrintDefaults()
		return nil
	}
	if p.Parsed != nil {
		p.Parsed(c, fs, e)
	}
	if err != nil {
		return Usagef("%s: %v (run '%s %s --help')", c.Name, err, p.Name, c.Name)
	}
	return c.Run(ctx, e, positional)
}

// PrintUsage prints the program's usage: Intro, the commands with their
// summaries, and Outro.
func (p *Program[E]) PrintUsage(w io.Writer) {
	fmt.Fprint(w, p.Intro)
	tw := tabwriter.NewWriter(w, 0, 8, 2, ' ', 0)
	for _, c := range p.Commands() {
		fmt.Fprintf(tw, "\t%s\t%s\n", c.Name, c.Summary)
	}
	fmt.Fprintf(tw, "\t%s\t%s\n", "help", "explain a command")
	tw.Flush()
	fmt.Fprint(w, p.Outro)
}

// isBoolFlag reports whether the flag name takes no value, for reading
// flags placed before the command name, where no FlagSet knows them yet:
// it is a boolean flag of some command (--json, --dry-run, --reuse, …).
func (p *Program[E]) isBoolFlag(name string) bool {
	for _, c := range p.Commands() {
		if c.Flags == nil {
			continue
		}
		fs := flag.NewFlagSet(c.Name, flag.ContinueOnError)
		var e E
		c.Flags(fs, &e)
		if f := fs.Lookup(name); f != nil && isBool(f) {
			return true
		}
	}
	return false
}

// ParseFlags parses args with fs, allowing flags after positional
// arguments (the flag package stops at the first non-flag), and returns
// the positional arguments in order. "--" ends the flags; "-" is positional.
func ParseFlags(fs *flag.FlagSet, args []string) ([]string, error) {
	var flags, positional []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			positional = append(positional, args[i+1:]...)
			break
		}
		if !strings.HasPrefix(a, "-") || a == "-" {
			positional = append(positional, a)
			continue
		}
		flags = append(flags, a)
		name, _, hasValue := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if f := fs.Lookup(name); f != nil && !hasValue && !isBool(f) && i+1 < len(args) {
			i++
			flags = append(flags, args[i])
		}
	}
	if err := fs.Parse(flags); err != nil {
		return nil, err
	}
	return append(fs.Args(), positional...), nil
}

func isBool(f *flag.Flag) bool {
	b, ok := f.Value.(interface{ IsBoolFlag() bool })
	return ok && b.IsBoolFlag()
}
