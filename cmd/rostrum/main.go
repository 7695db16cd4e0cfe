// Rostrum archives and searches official statements and event transcripts:
// press statements, news conferences, meetings and speeches, starting with
// the President of Russia's website (kremlin.ru). It keeps every document,
// with its earlier versions, in one SQLite file, or on a PostgreSQL server
// for a shared archive, with read replicas.
//
// Usage:
//
//	rostrum COMMAND [flags] [args]
//
// The commands are:
//
//	parse    print the documents parsed from files as JSON; store nothing
//	ingest   parse files, folders or standard input into the archive
//	crawl    fetch new and changed pages from kremlin.ru into the archive
//	reparse  re-derive every document from its stored raw page with the current parser
//	show     print a stored document as text
//	history  list the stored versions of a document and what changed in each
//	diff     show what changed between two versions of a document, word by word
//	cite     format a reference to a document or a turn (Chicago, APA, MLA, BibTeX, RIS)
//	qa       pair the questions of a press event with the turns that answer them
//	editions line up the two editions of an event and report where they differ
//	search   find who said what, when
//	kwic     show every occurrence of words in context (a concordance)
//	list     list the documents, all or those a query selects
//	verify   find where a quote comes from, and whether it is exact, close or altered
//	figures  list the figures quoted in turns and the ones that conflict
//	trend    chart how often words are used, per year or month, per million words
//	export   write the archive as JSON Lines, CSV or TEI
//	stats    summarise the archive
//	persons  list persons, show how names were joined, correct them
//	serve    serve the archive as a web site, JSON API and Atom feeds
//	migrate  bring the archive's schema up to date
//	copy     copy a whole archive, history included, to another (SQLite or PostgreSQL)
//	demo     load the bundled sample (or your pages) into a temporary archive and serve it
//	gen      write synthetic kremlin.ru-like text dumps for scale tests
//	bench    measure ingest and search on a generated corpus
//	help     explain a command
//
// Every command takes --db, the archive: a SQLite file (default rostrum.db
// in the working directory) or a postgres:// URL, or $ROSTRUM_DB. The
// commands that only read (serve, search, kwic, trend, figures, show, cite, export, stats) also take
// --db-read, a PostgreSQL read replica of --db ($ROSTRUM_DB_READ). Flags
// may come before or after the arguments. For example:
//
//	rostrum ingest --db archive.db pages/
//	rostrum show --db archive.db kremlin.ru/67763
//	rostrum export --db archive.db --format csv -o turns.csv
//	rostrum copy --from archive.db --to postgres://rostrum@db.example.org/rostrum
//	rostrum serve --db postgres://rostrum@primary/rostrum --db-read postgres://rostrum@replica/rostrum
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"text/tabwriter"

	"github.com/rostrum/rostrum/internal/engine"
	"github.com/rostrum/rostrum/internal/ingest"
	"github.com/rostrum/rostrum/internal/parser"
	"github.com/rostrum/rostrum/internal/parser/jsondoc"
	"github.com/rostrum/rostrum/internal/parser/kremlinhtml"
	"github.com/rostrum/rostrum/internal/parser/kremlintext"
	"github.com/rostrum/rostrum/internal/transcript"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	if err != nil && !errors.Is(err, errReported) {
		fmt.Fprintln(os.Stderr, "rostrum:", err)
	}
	os.Exit(exitCode(err))
}

// errReported is returned when a command has already told the user what
// went wrong (FILE:LINE lines, a summary) and only the exit status remains.
var errReported = errors.New("failures reported")

// usageError is a mistake in the command line; it exits with status 2.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return &usageError{fmt.Sprintf(format, args...)} }

// exitCode maps run's error to the process exit status: 0 success, 1
// failure, 2 bad usage.
func exitCode(err error) int {
	var ue *usageError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &ue):
		return 2
	}
	return 1
}

// Config is what the flags and ROSTRUM_* environment variables set.
type Config struct {
	DB       string // archive path or DSN
	DBRead   string // a read replica's DSN, for the commands that only read
	Format   string // input format for parse and ingest
	Workers  int
	MaxBytes int64
	// Page is what parse and ingest are told of pages that lack it
	// (--date, --title).
	Page parser.Options
}

// defaultConfig reads the ROSTRUM_* environment variables that give the
// flags their defaults.
func defaultConfig() (Config, error) {
	cfg := Config{DB: "rostrum.db", Format: ingest.Auto, MaxBytes: ingest.DefaultMaxBytes}
	if v := os.Getenv("ROSTRUM_DB"); v != "" {
		cfg.DB = v
	}
	cfg.DBRead = os.Getenv("ROSTRUM_DB_READ")
	if v := os.Getenv("ROSTRUM_FORMAT"); v != "" {
		cfg.Format = v
	}
	if v := os.Getenv("ROSTRUM_WORKERS"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			return cfg, fmt.Errorf("ROSTRUM_WORKERS: %w", err)
		}
		cfg.Workers = n
	}
	if v := os.Getenv("ROSTRUM_MAX_BYTES"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return cfg, fmt.Errorf("ROSTRUM_MAX_BYTES: %w", err)
		}
		cfg.MaxBytes = n
	}
	return cfg, nil
}

// env is what a command runs with.
type env struct {
	cfg       Config
	dbSet     bool // --db was given on the command line
	dbReadSet bool // --db-read was given on the command line
	stdin     io.Reader
	stdout    io.Writer
	stderr    io.Writer
}

// command is one subcommand. flags declares its flags on fs (and may read
// e.cfg); run does the work with the positional arguments.
type command struct {
	name    string
	summary string
	usage   string // synopsis, then a description and an example
	flags   func(fs *flag.FlagSet, e *env)
	run     func(ctx context.Context, e *env, args []string) error
}

func commands() []*command {
	return []*command{parseCmd(), ingestCmd(), crawlCmd(), reparseCmd(), showCmd(), historyCmd(), diffCmd(), citeCmd(), qaCmd(), editionsCmd(), searchCmd(), listCmd(), kwicCmd(), trendCmd(), verifyCmd(), figuresCmd(), exportCmd(), statsCmd(), personsCmd(), serveCmd(), migrateCmd(), copyCmd(), demoCmd(), genCmd(), benchCmd()}
}

// readers are the commands that only read the archive, and so take
// --db-read.
var readers = map[string]bool{"serve": true, "search": true, "kwic": true, "trend": true, "verify": true, "figures": true, "show": true, "history": true, "diff": true, "cite": true, "qa": true, "editions": true, "list": true, "export": true, "stats": true}

func lookup(name string) *command {
	for _, c := range commands() {
		if c.name == name {
			return c
		}
	}
	return nil
}

// run is the whole program: it reads the command line and runs a command.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	cfg, err := defaultConfig()
	if err != nil {
		return err
	}
	e := &env{cfg: cfg, stdin: stdin, stdout: stdout, stderr: stderr}
	// Flags before the command (rostrum --db x.db show ID) go to the command.
	var global []string
	for len(args) > 0 && strings.HasPrefix(args[0], "-") && args[0] != "-" {
		switch name, _, hasValue := strings.Cut(strings.TrimLeft(args[0], "-"), "="); {
		case name == "h" || name == "help":
			args = append([]string{"help"}, args[1:]...)
		case !hasValue && len(args) > 1 && name != "" && !isBoolFlag(name):
			global, args = append(global, args[0], args[1]), args[2:]
		default:
			global, args = append(global, args[0]), args[1:]
		}
	}
	if len(args) == 0 {
		printUsage(stderr)
		return usagef("no command given")
	}
	name, rest := args[0], args[1:]
	if name == "help" {
		if len(rest) == 0 {
			printUsage(stdout)
			return nil
		}
		if lookup(rest[0]) == nil {
			return usagef("unknown command %q: run 'rostrum help' for the list", rest[0])
		}
		return run(ctx, []string{rest[0], "--help"}, stdin, stdout, stderr)
	}
	c := lookup(name)
	if c == nil {
		printUsage(stderr)
		return usagef("unknown command %q", name)
	}
	fs := flag.NewFlagSet("rostrum "+c.name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.StringVar(&e.cfg.DB, "db", e.cfg.DB, "the archive: a SQLite file `path` or a postgres:// URL ($ROSTRUM_DB)")
	if readers[c.name] {
		fs.StringVar(&e.cfg.DBRead, "db-read", e.cfg.DBRead, "read from this PostgreSQL replica of --db (a postgres:// `URL`; $ROSTRUM_DB_READ)")
	}
	// --help shows the defaults, which $ROSTRUM_DB and $ROSTRUM_DB_READ
	// set: without their passwords.
	for _, name := range []string{"db", "db-read"} {
		if f := fs.Lookup(name); f != nil {
			f.DefValue = displayDSN(f.DefValue)
		}
	}
	if c.flags != nil {
		c.flags(fs, e)
	}
	positional, err := parseFlags(fs, append(global, rest...))
	if errors.Is(err, flag.ErrHelp) {
		printCommandUsage(stdout, c, fs)
		return nil
	}
	fs.Visit(func(f *flag.Flag) {
		e.dbSet = e.dbSet || f.Name == "db"
		e.dbReadSet = e.dbReadSet || f.Name == "db-read"
	})
	if err != nil {
		return usagef("%s: %v (run 'rostrum %s --help')", c.name, err, c.name)
	}
	if !readers[c.name] || e.dbSet && !e.dbReadSet {
		// $ROSTRUM_DB_READ is a replica of $ROSTRUM_DB's primary: an
		// archive named by --db is read from itself unless --db-read
		// names its replica too.
		e.cfg.DBRead = ""
	}
	return c.run(ctx, e, positional)
}

// isBoolFlag reports whether the flag name takes no value, for reading
// flags placed before the command name, where no FlagSet knows them yet:
// it is a boolean flag of some command (--json, --dry-run, --reuse, …).
func isBoolFlag(name string) bool {
	for _, c := range commands() {
		if c.flags == nil {
			continue
		}
		fs := flag.NewFlagSet(c.name, flag.ContinueOnError)
		c.flags(fs, &env{})
		if f := fs.Lookup(name); f != nil && isBool(f) {
			return true
		}
	}
	return false
}

// parseFlags parses args with fs, allowing flags after positional
// arguments (the flag package stops at the first non-flag), and returns
// the positional arguments in order. "--" ends the flags; "-" is positional.
func parseFlags(fs *flag.FlagSet, args []string) ([]string, error) {
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

func printUsage(w io.Writer) {
	fmt.Fprint(w, `Rostrum archives and searches official statements and event transcripts.

Usage:

	rostrum COMMAND [flags] [args]

Commands:

`)
	tw := tabwriter.NewWriter(w, 0, 8, 2, ' ', 0)
	for _, c := range commands() {
		fmt.Fprintf(tw, "\t%s\t%s\n", c.name, c.summary)
	}
	fmt.Fprintf(tw, "\t%s\t%s\n", "help", "explain a command")
	tw.Flush()
	fmt.Fprint(w, `
Every command takes --db, the archive: a SQLite file (default rostrum.db) or a
postgres:// URL, or $ROSTRUM_DB. Flags may come before or after arguments.
New here? Try: rostrum demo

Run 'rostrum help COMMAND' or 'rostrum COMMAND --help' for details.
`)
}

func printCommandUsage(w io.Writer, c *command, fs *flag.FlagSet) {
	fmt.Fprintf(w, "%s\nFlags:\n", strings.TrimSpace(c.usage)+"\n")
	fs.SetOutput(w)
	fs.PrintDefaults()
	fs.SetOutput(io.Discard)
}

// formats is the registry of input formats.
func formats() ingest.Formats {
	return ingest.Formats{
		ingest.FormatKremlinText: ingest.Single(kremlintext.Parse),
		ingest.FormatKremlinHTML: ingest.Single(kremlinhtml.Parse),
		ingest.FormatJSON:        jsondoc.Decode,
	}
}

// openStore opens the archive that dsn names: a SQLite file, or with a
// postgres:// URL an archive on a PostgreSQL server. With mustExist, a
// missing file, or a PostgreSQL schema that holds no archive yet, is an
// error rather than a new, empty archive.
func openStore(ctx context.Context, dsn string, mustExist bool) (transcript.Archive, error) {
	return open(ctx, "", dsn, engine.Options{MustExist: mustExist})
}

// openArchive opens cfg.DB as openStore does, reading from the replica
// cfg.DBRead when it is set.
func openArchive(ctx context.Context, cfg Config, mustExist bool) (transcript.Archive, error) {
	return open(ctx, "", cfg.DB, engine.Options{MustExist: mustExist, ReadReplica: cfg.DBRead})
}

// openWritable opens dsn for the command cmd to write to: an archive on
// a read-only server is refused at once.
func openWritable(ctx context.Context, cmd, dsn string, mustExist bool) (transcript.Archive, error) {
	return open(ctx, cmd, dsn, engine.Options{MustExist: mustExist, Write: true})
}

// open opens dsn for the command cmd. A read-only archive that opts.Write
// refuses is cmd's error (unless cmd is ""); a mistake in naming the
// archive (a replica of a SQLite file) is a usage error.
func open(ctx context.Context, cmd, dsn string, opts engine.Options) (transcript.Archive, error) {
	a, err := engine.Open(ctx, dsn, opts)
	if te := (*transcript.Error)(nil); errors.As(err, &te) && te.Kind == transcript.ErrInvalid {
		return nil, usagef("%s", te.Msg)
	}
	if cmd != "" && errors.Is(err, transcript.ErrReadOnly) {
		return nil, fmt.Errorf("%s: %w", cmd, err)
	}
	return a, err
}

// displayDSN is dsn as messages show it, without its password.
func displayDSN(dsn string) string { return engine.Display(dsn) }
