package bench

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/rostrum/rostrum/internal/engine"
	"github.com/rostrum/rostrum/internal/transcript"
)

// LoadConfig says how Load loads a web server.
type LoadConfig struct {
	BaseURL string   // scheme and host, without a trailing slash: http://127.0.0.1:8080
	Paths   []string // requested in turn, each with its query string; the list is cycled through
	// Seed, when not 0, shuffles Paths once with this seed; 0 requests
	// them in the order given. Either way each path is requested as often
	// as the others, give or take one.
	Seed uint64
	// Clients is the number of concurrent clients (default 32). Each one
	// sends its next request as soon as it has read the last answer: a
	// closed loop, so the server's speed sets the rate.
	Clients  int
	Duration time.Duration // the measured time
	Warmup   time.Duration // before it: requests are sent but not counted
}

// LoadResult is what Load measured: the answers received within the
// measured time (a request under way when it ends is not counted).
type LoadResult struct {
	Requests           int // answers, of any status
	Rate               float64
	P50, P95, P99, Max time.Duration
	Status             map[int]int // answers by HTTP status
	// Errors counts answers other than 2xx and 304, and requests that got
	// no answer (a refused connection, a reset); FirstError is the first
	// of them, with its path.
	Errors     int
	FirstError string
	Bytes      int64 // response bodies as received, compressed when the server compressed them
}

// DefaultClients is the concurrency of Load when LoadConfig.Clients is 0.
const DefaultClients = 32

// Load requests cfg.Paths from cfg.BaseURL with cfg.Clients concurrent
// clients for cfg.Warmup then cfg.Duration, and measures the second part.
// The clients share one keep-alive connection pool sized for them and
// ask for gzip as browsers do; bodies are read to the end and discarded.
func Load(ctx context.Context, cfg LoadConfig) (*LoadResult, error) {
	if len(cfg.Paths) == 0 {
		return nil, errors.New("load: no paths to request")
	}
	if cfg.Duration <= 0 {
		return nil, errors.New("load: the duration must be positive")
	}
	clients := cfg.Clients
	if clients <= 0 {
		clients = DefaultClients
	}
	paths := slices.Clone(cfg.Paths)
	if cfg.Seed != 0 {
		r := rand.New(rand.NewPCG(cfg.Seed, 0))
		r.Shuffle(len(paths), func(i, j int) { paths[i], paths[j] = paths[j], paths[i] })
	}
	tr := &http.Transport{
		DialContext:         (&net.Dialer{Timeout: 5 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
		MaxIdleConns:        clients,
		MaxIdleConnsPerHost: clients,
		IdleConnTimeout:     90 * time.Second,
		// The request asks for gzip itself, so that the bytes counted are
		// those on the wire and the client does not pay to inflate them.
		DisableCompression: true,
	}
	defer tr.CloseIdleConnections()
	client := &http.Client{
		Transport:     tr,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}

	// No request starts after the measured time. Those under way are let
	// finish, uncounted, rather than cut off, which the server would
	// see (and might log) as failures; a stuck one is cut off after
	// lastGrace.
	runCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	from := time.Now().Add(cfg.Warmup)
	until := from.Add(cfg.Duration)
	timer := time.AfterFunc(time.Until(until)+lastGrace, cancel)
	defer timer.Stop()

	type tally struct {
		lat      []time.Duration
		status   map[int]int
		errors   int
		first    string
		firstAt  time.Time
		bytes    int64
		requests int
	}
	tallies := make([]tally, clients)
	var next atomic.Uint64
	var wg sync.WaitGroup
	for i := range clients {
		wg.Go(func() {
			t := &tallies[i]
			t.status = map[int]int{}
			fail := func(at time.Time, msg string) {
				t.errors++
				if t.first == "" {
					t.first, t.firstAt = msg, at
				}
			}
			for runCtx.Err() == nil && time.Now().Before(until) {
				path := paths[(next.Add(1)-1)%uint64(len(paths))]
				start := time.Now()
				status, n, err := fetch(runCtx, client, cfg.BaseURL+path)
				end := time.Now()
				if end.Before(from) || !end.Before(until) || (err != nil && runCtx.Err() != nil) {
					continue
				}
				if err != nil && status == 0 {
					fail(end, fmt.Sprintf("%s: %v", path, err))
					continue
				}
				t.requests++
				t.status[status]++
				t.bytes += n
				t.lat = append(t.lat, end.Sub(start))
				switch {
				case status < 200 || status >= 300 && status != http.StatusNotModified:
					fail(end, fmt.Sprintf("%s: %d %s", path, status, http.StatusText(status)))
				case err != nil:
					fail(end, fmt.Sprintf("%s: reading the body: %v", path, err))
				}
			}
		})
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}

	res := &LoadResult{Status: map[int]int{}}
	var all []time.Duration
	var firstAt time.Time
	for _, t := range tallies {
		res.Requests += t.requests
		res.Errors += t.errors
		res.Bytes += t.bytes
		all = append(all, t.lat...)
		for s, n := range t.status {
			res.Status[s] += n
		}
		if t.first != "" && (firstAt.IsZero() || t.firstAt.Before(firstAt)) {
			res.FirstError, firstAt = t.first, t.firstAt
		}
	}
	res.Rate = float64(res.Requests) / cfg.Duration.Seconds()
	l := summarise("", all)
	res.P50, res.P95, res.P99, res.Max = l.P50, l.P95, l.P99, l.Max
	return res, nil
}

// lastGrace is how long the requests under way when the measured time
// ends may take before they are cut off.
const lastGrace = 10 * time.Second

// fetch gets url and reads its body to the end. A status with an error
// means the body broke off.
func fetch(ctx context.Context, client *http.Client, url string) (status int, n int64, err error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return 0, 0, err
	}
	req.Header.Set("Accept-Encoding", "gzip")
	req.Header.Set("User-Agent", "rostrum-bench")
	resp, err := client.Do(req)
	if err != nil {
		return 0, 0, err
	}
	n, err = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode, n, err
}

// WebConfig says how to measure the web server (Config.Web).
type WebConfig struct {
	// Exe is the rostrum executable. The server runs as a child process,
	// `Exe serve --db DB --addr 127.0.0.1:0 --quiet`, so that its memory
	// and CPU time are its own.
	Exe      string
	Clients  int           // concurrent clients (default 32)
	Duration time.Duration // measured time per class of pages (default 20 s)
	Warmup   time.Duration // unmeasured load before each class (default 3 s)
	Sample   int           // document pages: ids drawn at random (default 1000)
	// ServeArgs are more arguments for every server started, such as
	// --timeout 30s.
	ServeArgs []string
}

// Web classes: the pages and API calls measured, in the order run.
const (
	WebSearch            = "search pages"
	WebDocuments         = "document pages"
	WebAPISearch         = "API search"
	WebSearchUncached    = "search pages, uncached 1st page" // on a server with its caches off
	WebDocumentsUncached = "document pages, uncached"
	WebAPISearchUncached = "API search, uncached"
)

// WebClass is the load measured on one class of pages.
type WebClass struct {
	Class string
	Paths int // distinct paths requested
	LoadResult
	// ServerCPU and BenchCPU are the CPU time of the server and of the
	// load generator over the class's warmup and measured time, as a
	// share of one core (1.5 is one and a half cores busy); OtherCPU is
	// what the rest of the machine used meanwhile, which should be near
	// 0 for the numbers to mean anything.
	ServerCPU, BenchCPU, OtherCPU float64
	PeakRSS                       int64 // the server's largest resident memory sampled
}

// WebReport is what the web mode measured.
type WebReport struct {
	DB        string
	Documents int // as the server counted them
	Clients   int
	Duration  time.Duration
	Warmup    time.Duration
	Classes   []WebClass
	Servers   []ServerMemory // one server for the cached classes, one for the uncached
	ServerLog string         // what the servers wrote on stderr (warnings and errors)
}

// ServerMemory is the resident memory of one server process.
type ServerMemory struct {
	Args     string // its arguments beyond serve --db --addr --quiet
	ReadyRSS int64  // before the load
	PeakRSS  int64  // its peak (VmHWM) at the end of the load
}

// web starts the server over cfg.DB and loads it with each class of pages.
func web(ctx context.Context, cfg Config, rep *Report, logf func(string, ...any)) error {
	wc := *cfg.Web
	if wc.Clients <= 0 {
		wc.Clients = DefaultClients
	}
	if wc.Duration <= 0 {
		wc.Duration = 20 * time.Second
	}
	if wc.Warmup < 0 {
		wc.Warmup = 0
	}
	if wc.Sample <= 0 {
		wc.Sample = 1000
	}
	if !engine.IsPostgres(cfg.DB) {
		if _, err := os.Stat(cfg.DB); err != nil {
			return err
		}
	}
	if rep.CorpusBytes == 0 {
		rep.CorpusBytes, _ = dirSize(cfg.Dir) // absent when the archive came from elsewhere
	}

	// The paths, read from the archive before the server opens it.
	store, err := openArchive(ctx, cfg.DB, false)
	if err != nil {
		return err
	}
	if rep.ArchiveBytes, err = store.DiskSize(ctx); err != nil {
		store.Close()
		return err
	}
	queries, err := archiveMix(ctx, store)
	if err != nil {
		store.Close()
		return err
	}
	logf("web: listing the archive's documents")
	ids, err := sampleIDs(ctx, store, wc.Sample, cfg.Seed)
	store.Close()
	if err != nil {
		return err
	}
	var searchPaths, apiPaths, docPaths []string
	for _, q := range queries {
		v := url.Values{"q": {q.Text}}
		searchPaths = append(searchPaths, "/search?"+v.Encode())
		if q.Facets {
			v.Set("facets", "true")
		}
		apiPaths = append(apiPaths, "/api/v1/search?"+v.Encode())
	}
	for _, id := range ids {
		segs := strings.Split(id, "/")
		for i, s := range segs {
			segs[i] = url.PathEscape(s)
		}
		docPaths = append(docPaths, "/d/"+strings.Join(segs, "/"))
	}
	// The server keeps recent search results and finished pages: each
	// path is first asked for once, so that the load measures answers
	// from memory, as for popular searches and pages. A second server,
	// with its caches off, measures what each costs when it is not cached.
	phases := []webPhase{
		{nil, []webLoad{{WebSearch, searchPaths, true}, {WebDocuments, docPaths, true}, {WebAPISearch, apiPaths, true}}},
		{[]string{"--cache-size", "0"}, []webLoad{{WebSearchUncached, searchPaths, false}, {WebDocumentsUncached, docPaths, false}, {WebAPISearchUncached, apiPaths, false}}},
	}
	wr := &WebReport{DB: cfg.DB, Clients: wc.Clients, Duration: wc.Duration, Warmup: wc.Warmup}
	rep.Web = wr
	for _, ph := range phases {
		if err := wr.run(ctx, wc, cfg.DB, cfg.Seed, ph, logf); err != nil {
			return err
		}
	}
	return nil
}

// webPhase is the classes loaded on one server, started with args.
type webPhase struct {
	args  []string
	loads []webLoad
}

type webLoad struct {
	class string
	paths []string
	prime bool // request each path once before the load
}

// run starts a server, loads it with each class of the phase and stops it.
func (wr *WebReport) run(ctx context.Context, wc WebConfig, db string, seed uint64, ph webPhase, logf func(string, ...any)) (err error) {
	srv, err := startServer(ctx, wc, db, ph.args, logf)
	if err != nil {
		return err
	}
	mem := ServerMemory{Args: strings.Join(ph.args, " "), ReadyRSS: procStatus(srv.pid, "VmRSS:")}
	defer func() {
		if serr := srv.stop(); serr != nil && err == nil {
			err = serr
		}
		if l := strings.TrimSuffix(srv.log.String(), "Stopped.\n"); l != "" {
			wr.ServerLog += l
		}
		wr.Servers = append(wr.Servers, mem)
	}()
	wr.Documents = srv.docs
	for _, c := range ph.loads {
		if c.prime {
			logf("web: %s: asking for each once, to fill the cache", c.class)
			client := &http.Client{Timeout: time.Minute}
			for _, p := range c.paths {
				if _, _, err := fetch(ctx, client, srv.url+p); err != nil && ctx.Err() != nil {
					return ctx.Err()
				}
			}
			client.CloseIdleConnections()
		}
		logf("web: %s, %d paths, %d clients, %s after %s of warmup", c.class, len(c.paths), wc.Clients, wc.Duration, wc.Warmup)
		srv.peak.Store(0)
		cpu0, self0, all0, t0 := procCPU(strconv.Itoa(srv.pid)), procCPU("self"), machineCPU(), time.Now()
		res, err := Load(ctx, LoadConfig{BaseURL: srv.url, Paths: c.paths, Seed: seed, Clients: wc.Clients, Duration: wc.Duration, Warmup: wc.Warmup})
		if err != nil {
			return err
		}
		wall := time.Since(t0).Seconds()
		cpu1, self1, all1 := procCPU(strconv.Itoa(srv.pid)), procCPU("self"), machineCPU()
		wr.Classes = append(wr.Classes, WebClass{
			Class: c.class, Paths: len(c.paths), LoadResult: *res,
			ServerCPU: (cpu1 - cpu0).Seconds() / wall, BenchCPU: (self1 - self0).Seconds() / wall,
			OtherCPU: max(0, (all1-all0)-(cpu1-cpu0)-(self1-self0)).Seconds() / wall,
			PeakRSS:  srv.peak.Load(),
		})
		if srv.exited() {
			return fmt.Errorf("web: the server stopped during %s:\n%s", c.class, srv.log.String())
		}
	}
	mem.PeakRSS = procStatus(srv.pid, "VmHWM:")
	return nil
}

// sampleIDs lists the archive's documents, newest first, a page of 100
// at a time, and returns n of their ids drawn at random with seed (all
// of them, shuffled, when there are no more than n).
func sampleIDs(ctx context.Context, store transcript.Searcher, n int, seed uint64) ([]string, error) {
	var ids []string
	cursor := ""
	for {
		res, err := store.Search(ctx, &transcript.SearchRequest{Query: &transcript.Query{},
			Limit: transcript.MaxSearchLimit, TurnsPerDoc: 1, Cursor: cursor})
		if err != nil {
			return nil, err
		}
		for _, h := range res.Hits {
			ids = append(ids, h.ID)
		}
		if cursor = res.Next; cursor == "" || len(res.Hits) == 0 {
			break
		}
	}
	if len(ids) == 0 {
		return nil, errors.New("the archive has no documents")
	}
	r := rand.New(rand.NewPCG(seed, 1))
	r.Shuffle(len(ids), func(i, j int) { ids[i], ids[j] = ids[j], ids[i] })
	return ids[:min(n, len(ids))], nil
}

// server is the rostrum serve child process.
type server struct {
	cmd  *exec.Cmd
	pid  int
	url  string // without the trailing slash
	docs int
	log  *limitedBuffer // its stderr
	done chan struct{}  // closed when it has exited
	err  error          // its exit, once done is closed
	peak atomic.Int64   // largest VmRSS sampled since last reset
	quit chan struct{}  // stops the sampler
}

var reServing = regexp.MustCompile(`^Serving .* \((\d+) documents?\) at (http://\S+)/$`)

// startServer starts `rostrum serve` over db on a free loopback port and
// waits until it prints its address. Its rate limit is off: the load
// generator is one address standing for many clients.
func startServer(ctx context.Context, wc WebConfig, db string, extra []string, logf func(string, ...any)) (*server, error) {
	args := append([]string{"serve", "--db", db, "--addr", "127.0.0.1:0", "--quiet", "--rate-limit", "0"}, extra...)
	args = append(args, wc.ServeArgs...)
	cmd := exec.Command(wc.Exe, args...)
	pr, pw := io.Pipe()
	s := &server{cmd: cmd, log: &limitedBuffer{max: 16 << 10}, done: make(chan struct{}), quit: make(chan struct{})}
	cmd.Stdout, cmd.Stderr = pw, s.log
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("web: start the server: %w", err)
	}
	s.pid = cmd.Process.Pid
	logf("web: %s %s (pid %d)", wc.Exe, strings.Join(args, " "), s.pid)
	go func() {
		s.err = cmd.Wait()
		pw.Close()
		close(s.done)
	}()
	ready := make(chan []string, 1)
	go func() {
		sc := bufio.NewScanner(pr)
		for sc.Scan() {
			if m := reServing.FindStringSubmatch(sc.Text()); m != nil {
				ready <- m
				break
			}
		}
		io.Copy(io.Discard, pr)
	}()
	select {
	case m := <-ready:
		s.docs, _ = strconv.Atoi(m[1])
		s.url = m[2]
	case <-s.done:
		return nil, fmt.Errorf("web: the server exited before serving (%v):\n%s", s.err, s.log.String())
	case <-time.After(2 * time.Minute):
		s.stop()
		return nil, fmt.Errorf("web: the server printed no address within 2 minutes:\n%s", s.log.String())
	case <-ctx.Done():
		s.stop()
		return nil, ctx.Err()
	}
	go s.sample()
	return s, nil
}

// sample records the server's largest resident memory, ten times a second.
func (s *server) sample() {
	t := time.NewTicker(100 * time.Millisecond)
	defer t.Stop()
	for {
		if rss := procStatus(s.pid, "VmRSS:"); rss > s.peak.Load() {
			s.peak.Store(rss)
		}
		select {
		case <-t.C:
		case <-s.quit:
			return
		case <-s.done:
			return
		}
	}
}

// exited reports whether the server has stopped.
func (s *server) exited() bool {
	select {
	case <-s.done:
		return true
	default:
		return false
	}
}

// stop asks the server to stop (SIGTERM, as Ctrl+C would) and waits for
// it; after 15 s it is killed.
func (s *server) stop() error {
	select {
	case <-s.quit:
	default:
		close(s.quit)
	}
	if s.exited() {
		return nil
	}
	s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-s.done:
	case <-time.After(15 * time.Second):
		s.cmd.Process.Kill()
		<-s.done
		return errors.New("web: the server did not stop within 15 s of SIGTERM; killed")
	}
	if s.err != nil {
		return fmt.Errorf("web: the server: %v:\n%s", s.err, s.log.String())
	}
	return nil
}

// limitedBuffer keeps the first max bytes written to it. It is safe for
// concurrent use.
type limitedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
	max int
}

func (b *limitedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if room := b.max - b.buf.Len(); room > 0 {
		b.buf.Write(p[:min(len(p), room)])
	}
	return len(p), nil
}

func (b *limitedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// procStatus returns a memory line (VmRSS:, VmHWM:) of /proc/PID/status
// in bytes, or 0 when unknown (not Linux, or the process is gone).
func procStatus(pid int, key string) int64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	for line := range strings.Lines(string(b)) {
		if v, ok := strings.CutPrefix(line, key); ok {
			kb, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			return kb << 10
		}
	}
	return 0
}

// procCPU returns the user and system CPU time a process ("self" or a
// pid) has used, from /proc/PID/stat, or 0 when unknown. The kernel
// counts it in ticks of 1/100 s (USER_HZ, 100 on every Linux we run on).
func procCPU(pid string) time.Duration {
	b, err := os.ReadFile("/proc/" + pid + "/stat")
	if err != nil {
		return 0
	}
	// The command name, in parentheses, may hold spaces: count fields
	// from after it. utime and stime are fields 14 and 15 of the line,
	// so 12 and 13 after the name.
	i := bytes.LastIndex(b, []byte(") "))
	if i < 0 {
		return 0
	}
	f := strings.Fields(string(b[i+2:]))
	if len(f) < 13 {
		return 0
	}
	utime, _ := strconv.ParseInt(f[11], 10, 64)
	stime, _ := strconv.ParseInt(f[12], 10, 64)
	return time.Duration(utime+stime) * 10 * time.Millisecond
}

// machineCPU returns the CPU time all processes have used since boot,
// from /proc/stat (every state but idle and iowait), or 0 when unknown.
func machineCPU() time.Duration {
	b, err := os.ReadFile("/proc/stat")
	if err != nil {
		return 0
	}
	line, _, _ := strings.Cut(string(b), "\n")
	f := strings.Fields(line)
	if len(f) < 5 || f[0] != "cpu" {
		return 0
	}
	var busy int64
	for i, v := range f[1:] {
		if i == 3 || i == 4 || i >= 8 { // idle, iowait; guest time is already in user
			continue
		}
		n, _ := strconv.ParseInt(v, 10, 64)
		busy += n
	}
	return time.Duration(busy) * 10 * time.Millisecond
}

// Write prints the web report as a table.
func (r *WebReport) Write(w io.Writer) {
	mb := func(n int64) string { return fmt.Sprintf("%.1f MB", float64(n)/(1<<20)) }
	ms := func(d time.Duration) string { return fmt.Sprintf("%.1f", float64(d)/float64(time.Millisecond)) }
	fmt.Fprintf(w, "web:     %s, %d documents, served by a child process; %d clients, %s per class after %s of warmup\n\n",
		r.DB, r.Documents, r.Clients, r.Duration, r.Warmup)
	fmt.Fprintf(w, "%-31s %5s %8s %8s %7s %7s %7s %7s %6s %7s %8s %8s %8s %9s\n",
		"class", "paths", "requests", "req/s", "p50 ms", "p95 ms", "p99 ms", "max ms", "errors", "KB/req", "srv CPU", "gen CPU", "oth CPU", "peak RSS")
	for _, c := range r.Classes {
		kb := 0.0
		if c.Requests > 0 {
			kb = float64(c.Bytes) / float64(c.Requests) / 1024
		}
		fmt.Fprintf(w, "%-31s %5d %8d %8.0f %7s %7s %7s %7s %6d %7.1f %7.0f%% %7.0f%% %7.0f%% %9s\n",
			c.Class, c.Paths, c.Requests, c.Rate, ms(c.P50), ms(c.P95), ms(c.P99), ms(c.Max), c.Errors, kb,
			100*c.ServerCPU, 100*c.BenchCPU, 100*c.OtherCPU, mb(c.PeakRSS))
	}
	fmt.Fprintln(w)
	for _, m := range r.Servers {
		what := "serve"
		if m.Args != "" {
			what += " " + m.Args
		}
		fmt.Fprintf(w, "server memory (%s): %s resident when ready, peak %s (VmHWM)\n", what, mb(m.ReadyRSS), mb(m.PeakRSS))
	}
	fmt.Fprintln(w, "CPU: share of one core over warmup and measured time, of the server, the load generator and all other processes")
	fmt.Fprintln(w, "KB/req: the body as sent (gzip)")
	for _, c := range r.Classes {
		if c.FirstError != "" {
			var st []string
			for _, code := range slices.Sorted(maps.Keys(c.Status)) {
				st = append(st, fmt.Sprintf("%d×%d", code, c.Status[code]))
			}
			fmt.Fprintf(w, "%s: %d errors (answers %s), the first: %s\n", c.Class, c.Errors, strings.Join(st, " "), c.FirstError)
		}
	}
	if r.ServerLog != "" {
		fmt.Fprintf(w, "server log:\n%s", r.ServerLog)
	}
}
