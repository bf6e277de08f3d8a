// Command gortbench is the Go twin of gort's workload harness (dev.gort.benchmarks.Harness): the
// same thirteen workloads (W1-W13 of WORKLOADS.md), the same N and the same correctness checks, so
// that the JVM figures can be read as ratios to Go's.
//
// The harness starts one process per cell, with GOMAXPROCS in the environment:
//
//	GOMAXPROCS=2 gortbench -w W1 -n 200000 -warmup 1 -warmupms 0 -reps 5
//
// and reads one line per measured repetition, and the first repetition's figures (the cold one,
// a warm-up unless -warmup 0) on a line of its own:
//
//	COLD ns_per_roundtrip=290.1
//	REP ns_per_roundtrip=281.3
//
// A wrong sum prints "FAIL <why>" and exits 1; "NOTE <text>" lines are passed on to the report.
package main

import (
	"bufio"
	"context"
	"encoding/binary"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"runtime"
	"runtime/debug"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// metrics collects one repetition's named figures, printed in insertion order.
type metrics struct {
	keys []string
	vals map[string]float64
}

func (m *metrics) put(k string, v float64) {
	if m.vals == nil {
		m.vals = map[string]float64{}
	}
	if _, ok := m.vals[k]; !ok {
		m.keys = append(m.keys, k)
	}
	m.vals[k] = v
}

// line is the figures as the harness reads them, after a tag: REP (a measured repetition) or COLD.
func (m *metrics) line(tag string) string {
	var b strings.Builder
	b.WriteString(tag)
	for _, k := range m.keys {
		fmt.Fprintf(&b, " %s=%s", k, strconv.FormatFloat(m.vals[k], 'f', 3, 64))
	}
	return b.String()
}

func fail(format string, args ...interface{}) {
	fmt.Printf("FAIL "+format+"\n", args...)
	os.Exit(1)
}

func check(what string, got, want int64) {
	if got != want {
		fail("%s: got %d, want %d", what, got, want)
	}
}

func main() {
	w := flag.String("w", "", "workload: W1 ... W13")
	n := flag.Int("n", 0, "the workload's N (0: WORKLOADS.md's default)")
	warmup := flag.Int("warmup", 1, "unmeasured repetitions first")
	warmupms := flag.Int("warmupms", 0, "and more of them until this many milliseconds have passed")
	reps := flag.Int("reps", 5, "measured repetitions")
	flag.Parse()
	if *n <= 0 {
		*n = defaultN(*w)
	}
	out := bufio.NewWriter(os.Stdout)
	fmt.Fprintf(out, "NOTE go=%s GOMAXPROCS=%d\n", runtime.Version(), runtime.GOMAXPROCS(0))
	out.Flush()
	start := time.Now()
	minWarmup := time.Duration(*warmupms) * time.Millisecond
	measured := 0
	for i := 0; measured < *reps; i++ {
		// Once measuring has begun, every repetition is measured.
		warmUp := measured == 0 && (i < *warmup || time.Since(start) < minWarmup)
		var m metrics
		runOnce(*w, *n, warmUp, &m)
		// The process's first repetition, warm-up or not, is the cold figure (W4 and W6 warm up at
		// N/10 and report nothing then).
		if i == 0 && len(m.keys) > 0 {
			fmt.Println(m.line("COLD"))
		}
		if !warmUp {
			fmt.Println(m.line("REP"))
			measured++
		}
	}
}

// defaultN mirrors dev.gort.benchmarks.Workload's defaults; the harness always passes -n anyway.
func defaultN(w string) int {
	switch w {
	case "W1":
		return 200_000
	case "W2":
		return 2_000_000
	case "W3", "W7":
		return 400_000
	case "W4", "W5", "W6":
		return 1_000_000
	case "W8":
		return 10_000_000
	case "W9", "W10":
		return 10_000
	case "W13":
		return 2_000
	case "W11", "W12":
		return 100_000
	}
	fail("unknown workload %q", w)
	return 0
}

func runOnce(w string, n int, warm bool, m *metrics) {
	switch w {
	case "W1":
		t := time.Now()
		check("W1 sum", w1(n), sumTo(n))
		m.put("ns_per_roundtrip", perOp(t, n))
	case "W2":
		t := time.Now()
		check("W2 sum", w2(n), sumTo(n))
		m.put("ns_per_msg", perOp(t, n))
	case "W3":
		t := time.Now()
		check("W3 cap128 sum", w3(n, 128), sumTo(n))
		m.put("cap128_ns_per_msg", perOp(t, n))
		t = time.Now()
		check("W3 cap0 sum", w3(n, 0), sumTo(n))
		m.put("cap0_ns_per_msg", perOp(t, n))
	case "W4":
		if warm {
			w4(n / 10)
			return
		}
		settle()
		rss0 := rss()
		hwm0 := hwm()
		t := time.Now()
		check("W4 ran", w4(n), int64(n))
		m.put("ns_per_goroutine", perOp(t, n))
		// Peak RSS over the run, above the RSS it started from (VmHWM is the process's peak).
		m.put("peak_rss_mb", float64(max64(hwm(), hwm0)-rss0)/(1<<20))
	case "W5":
		if !powerOf10(n) {
			fail("W5 (skynet) needs a power of 10 leaves, not %d", n)
		}
		t := time.Now()
		c := make(chan int64)
		go skynet(c, 0, int64(n), 10)
		check("W5 sum", <-c, sumTo(n))
		m.put("ms", ms(time.Since(t)))
	case "W6":
		size := n
		if warm {
			size = n / 10
		}
		w6(size, warm, m)
	case "W7":
		t := time.Now()
		check("W7 sum", w7(n), sumTo(n))
		m.put("ns_per_msg", perOp(t, n))
	case "W8":
		t := time.Now()
		check("W8 mutex count", w8Mutex(n, 8), int64(n))
		m.put("mutex_ns_per_inc", perOp(t, n))
		t = time.Now()
		check("W8 atomic count", w8Atomic(n, 8), int64(n))
		m.put("atomic_ns_per_inc", perOp(t, n))
	case "W9":
		const passes = 100
		t := time.Now()
		check("W9 sum", w9(n, passes), int64(passes)*int64(passes-1)/2+int64(passes)*int64(n))
		m.put("ns_per_hop", perOp(t, n*passes))
	case "W10":
		d, exited := w10(n)
		check("W10 exited", exited, int64(n))
		m.put("ms", ms(d))
	case "W11":
		t := time.Now()
		check("W11 woke", w11(n, time.Millisecond), int64(n))
		m.put("ms", ms(time.Since(t)))
	case "W12":
		want := w12Expected(n)
		t := time.Now()
		check("W12 sum", w12(n), want)
		m.put("ms", ms(time.Since(t)))
	case "W13":
		const roundTrips = 50
		if w13Server == nil {
			w13Server = startEchoServer()
		}
		t := time.Now()
		check("W13 right echoes", w13Server.clients(n, roundTrips), int64(n)*roundTrips)
		m.put("ms", ms(time.Since(t)))
		m.put("finish_spread_pct", w13Server.lastSpread)
	default:
		fail("unknown workload %q", w)
	}
}

func powerOf10(n int) bool {
	for n >= 10 && n%10 == 0 {
		n /= 10
	}
	return n == 1
}

// sumTo is 0 + 1 + ... + (n-1): the checksum of every workload that moves the ints 0..n-1.
func sumTo(n int) int64 { return int64(n) * int64(n-1) / 2 }

func perOp(t time.Time, ops int) float64 { return float64(time.Since(t).Nanoseconds()) / float64(ops) }

func ms(d time.Duration) float64 { return float64(d.Nanoseconds()) / 1e6 }

func max64(a, b int64) int64 {
	if a > b {
		return a
	}
	return b
}

// W1: two goroutines, two unbuffered channels, n round trips.
func w1(n int) int64 {
	ping, pong := make(chan int), make(chan int)
	go func() {
		for v := range ping {
			pong <- v
		}
	}()
	var sum int64
	for i := 0; i < n; i++ {
		ping <- i
		sum += int64(<-pong)
	}
	close(ping)
	return sum
}

// W2: one producer, a channel of capacity 1024, one consumer, n ints.
func w2(n int) int64 {
	c := make(chan int, 1024)
	go func() {
		for i := 0; i < n; i++ {
			c <- i
		}
		close(c)
	}()
	var sum int64
	for v := range c {
		sum += int64(v)
	}
	return sum
}

// W3: 4 producers and 4 consumers on one channel, n ints in all.
func w3(n, capacity int) int64 {
	const producers, consumers = 4, 4
	c := make(chan int, capacity)
	var pwg sync.WaitGroup
	for p := 0; p < producers; p++ {
		pwg.Add(1)
		go func(p int) {
			defer pwg.Done()
			for i := p; i < n; i += producers {
				c <- i
			}
		}(p)
	}
	go func() { pwg.Wait(); close(c) }()
	sums := make(chan int64, consumers)
	for k := 0; k < consumers; k++ {
		go func() {
			var s int64
			for v := range c {
				s += int64(v)
			}
			sums <- s
		}()
	}
	var sum int64
	for k := 0; k < consumers; k++ {
		sum += <-sums
	}
	return sum
}

// W4: spawn n goroutines, each marks its slot and calls wg.Done; wait. Returns how many ran.
func w4(n int) int64 {
	ran := make([]byte, n)
	var wg sync.WaitGroup
	wg.Add(n)
	for i := 0; i < n; i++ {
		go func(i int) {
			ran[i] = 1
			wg.Done()
		}(i)
	}
	wg.Wait()
	var count int64
	for _, r := range ran {
		count += int64(r)
	}
	return count
}

// W5: skynet, a 10-ary tree of goroutines down to `size` leaves; sums return over unbuffered channels.
func skynet(c chan int64, num, size, div int64) {
	if size == 1 {
		c <- num
		return
	}
	rc := make(chan int64)
	for i := int64(0); i < div; i++ {
		go skynet(rc, num+i*(size/div), size/div, div)
	}
	var sum int64
	for i := int64(0); i < div; i++ {
		sum += <-rc
	}
	c <- sum
}

// W6: n goroutines parked on a receive from one channel; then close it and wait for all to exit.
func w6(n int, warm bool, m *metrics) {
	settle()
	rss0, heap0 := rss(), retained()
	c := make(chan struct{})
	var started, exited sync.WaitGroup
	var woke int64
	started.Add(n)
	exited.Add(n)
	for i := 0; i < n; i++ {
		go func() {
			started.Done()
			if _, ok := <-c; !ok {
				atomic.AddInt64(&woke, 1)
			}
			exited.Done()
		}()
	}
	started.Wait()
	parkAll()
	rss1 := rss()
	runtime.GC()
	heap1 := retained()
	t := time.Now()
	close(c)
	exited.Wait()
	d := time.Since(t)
	check("W6 woke", atomic.LoadInt64(&woke), int64(n))
	if !warm {
		m.put("rss_bytes_per_parked", float64(rss1-rss0)/float64(n))
		m.put("heap_bytes_per_parked", float64(heap1-heap0)/float64(n))
		m.put("drain_ms", ms(d))
	}
}

// W7: 4 producers, each on its own unbuffered channel; one consumer selects over the four.
func w7(n int) int64 {
	var cs [4]chan int
	for p := range cs {
		cs[p] = make(chan int)
		go func(p int) {
			for i := p; i < n; i += 4 {
				cs[p] <- i
			}
		}(p)
	}
	var sum int64
	for k := 0; k < n; k++ {
		select {
		case v := <-cs[0]:
			sum += int64(v)
		case v := <-cs[1]:
			sum += int64(v)
		case v := <-cs[2]:
			sum += int64(v)
		case v := <-cs[3]:
			sum += int64(v)
		}
	}
	return sum
}

// W8: `workers` goroutines, n increments in all of one counter under a mutex.
func w8Mutex(n, workers int) int64 {
	var mu sync.Mutex
	var counter int64
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(k int) {
			defer wg.Done()
			for i := 0; i < k; i++ {
				mu.Lock()
				counter++
				mu.Unlock()
			}
		}(share(n, workers, w))
	}
	wg.Wait()
	return counter
}

// W8: the same increments with an atomic add.
func w8Atomic(n, workers int) int64 {
	var counter int64
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(k int) {
			defer wg.Done()
			for i := 0; i < k; i++ {
				atomic.AddInt64(&counter, 1)
			}
		}(share(n, workers, w))
	}
	wg.Wait()
	return atomic.LoadInt64(&counter)
}

// share is worker w's part of n increments split over `workers` (the first ones take the remainder).
func share(n, workers, w int) int {
	k := n / workers
	if w < n%workers {
		k++
	}
	return k
}

// W9: a chain of n goroutines linked by unbuffered channels; a token passes end to end `passes`
// times, each goroutine adding 1.
func w9(n, passes int) int64 {
	first := make(chan int)
	in := first
	for i := 0; i < n; i++ {
		out := make(chan int)
		go func(in, out chan int) {
			for p := 0; p < passes; p++ {
				out <- 1 + <-in
			}
		}(in, out)
		in = out
	}
	var sum int64
	for p := 0; p < passes; p++ {
		first <- p
		sum += int64(<-in)
	}
	return sum
}

// W10: n goroutines wait in a select on ctx.Done() (and a channel nobody sends on); cancel; the
// time from cancel until all exited.
func w10(n int) (time.Duration, int64) {
	ctx, cancel := context.WithCancel(context.Background())
	never := make(chan int)
	var started, exited sync.WaitGroup
	var count int64
	started.Add(n)
	exited.Add(n)
	for i := 0; i < n; i++ {
		go func() {
			started.Done()
			select {
			case <-ctx.Done():
				atomic.AddInt64(&count, 1)
			case <-never:
			}
			exited.Done()
		}()
	}
	started.Wait()
	parkAll()
	t := time.Now()
	cancel()
	exited.Wait()
	return time.Since(t), atomic.LoadInt64(&count)
}

// W11: n goroutines each sleep d; wait for all.
func w11(n int, d time.Duration) int64 {
	var wg sync.WaitGroup
	var woke int64
	wg.Add(n)
	for i := 0; i < n; i++ {
		go func() {
			time.Sleep(d)
			atomic.AddInt64(&woke, 1)
			wg.Done()
		}()
	}
	wg.Wait()
	return woke
}

// W12: n CPU-bound tasks (~10 us each) spawned from one goroutine; wait for all.
func w12(n int) int64 {
	results := make([]int64, n)
	var wg sync.WaitGroup
	wg.Add(n)
	for i := 0; i < n; i++ {
		go func(i int) {
			results[i] = spin(int64(i))
			wg.Done()
		}(i)
	}
	wg.Wait()
	var sum int64
	for _, r := range results {
		sum += r
	}
	return sum
}

var w12Cache = map[int]int64{}

// w12Expected computes W12's sum sequentially, once per n (not timed: only the check).
func w12Expected(n int) int64 {
	if sum, ok := w12Cache[n]; ok {
		return sum
	}
	var sum int64
	for i := 0; i < n; i++ {
		sum += spin(int64(i))
	}
	w12Cache[n] = sum
	return sum
}

// spinIterations makes one W12 task about 10 us on a 2020s x86 core; the same count in every system.
const spinIterations = 4000

// spin is W12's unit of CPU work: xorshift64 steps from a seed, identical in every system.
func spin(seed int64) int64 {
	x := uint64(seed)*0x9E3779B97F4A7C15 | 1
	for i := 0; i < spinIterations; i++ {
		x ^= x << 13
		x ^= x >> 7
		x ^= x << 17
	}
	return int64(x & 0xFFFF)
}

// settle collects garbage and returns freed memory to the OS so that RSS deltas start from a floor.
func settle() {
	runtime.GC()
	debug.FreeOSMemory()
}

// parkAll gives goroutines that have announced themselves time to reach their park.
func parkAll() {
	for i := 0; i < 10; i++ {
		runtime.Gosched()
	}
	time.Sleep(20 * time.Millisecond)
}

// retained is what the runtime keeps for live objects and goroutine stacks after a GC.
func retained() int64 {
	var s runtime.MemStats
	runtime.ReadMemStats(&s)
	return int64(s.HeapAlloc + s.StackInuse)
}

func rss() int64 { return procStatus("VmRSS:") }

func hwm() int64 { return procStatus("VmHWM:") }

// procStatus reads one kB field of /proc/self/status, in bytes (0 where there is no /proc).
func procStatus(field string) int64 {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if strings.HasPrefix(line, field) {
			f := strings.Fields(line[len(field):])
			if len(f) > 0 {
				kb, _ := strconv.ParseInt(f[0], 10, 64)
				return kb * 1024
			}
		}
	}
	return 0
}

// W13: a loopback TCP echo server, one per process (as in each JVM cell), started by the first
// repetition; every repetition's clients dial the same port. Go's listener asks for a backlog of
// net.core.somaxconn and sets SO_REUSEADDR; every TCP connection has TCP_NODELAY (the JVM side sets
// both explicitly). A client closes once it has all its echoes; the server then closes with a
// reset, so no connection stays in TIME_WAIT (60 s) holding one of Linux's 28,232 ephemeral ports
// (NetEcho.java says why that matters).
var w13Server *echoServer

type echoServer struct {
	ln   net.Listener
	addr string
	mu   sync.Mutex
	err  error // the first I/O error on either side since the last clients call
	// lastSpread is the last clients call's fairness figure: the share of the run, in percent,
	// from the first tenth of the clients finishing to the last (NetEcho.finishSpreadPercent).
	lastSpread float64
}

func startEchoServer() *echoServer {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fail("W13: cannot listen on the loopback interface: %v", err)
	}
	s := &echoServer{ln: ln, addr: ln.Addr().String()}
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				if !errors.Is(err, net.ErrClosed) {
					s.fail(err)
				}
				return
			}
			go s.serve(c)
		}
	}()
	return s
}

func (s *echoServer) fail(err error) {
	s.mu.Lock()
	if s.err == nil {
		s.err = err
	}
	s.mu.Unlock()
}

// serve is one connection's server side: read a 4-byte big-endian int, write it plus one, until
// the client closes.
func (s *echoServer) serve(c net.Conn) {
	defer c.Close()
	var buf [4]byte
	for {
		if _, err := io.ReadFull(c, buf[:]); err != nil {
			if err != io.EOF {
				s.fail(fmt.Errorf("W13 server: %w", err))
				return
			}
			// The client closed between messages: the end of this connection. Close with a
			// reset (linger 0) so that neither side keeps it in TIME_WAIT.
			if err := c.(*net.TCPConn).SetLinger(0); err != nil {
				s.fail(fmt.Errorf("W13 server: %w", err))
			}
			return
		}
		binary.BigEndian.PutUint32(buf[:], binary.BigEndian.Uint32(buf[:])+1)
		if _, err := c.Write(buf[:]); err != nil {
			s.fail(fmt.Errorf("W13 server: %w", err))
			return
		}
	}
}

// clients starts conns client goroutines, each dialing the server and making roundTrips
// write/read round trips with its own ints (c*roundTrips + r), checking every echo; it waits for
// all and returns how many echoes were right. Any socket error fails the cell.
func (s *echoServer) clients(conns, roundTrips int) int64 {
	var wg sync.WaitGroup
	var correct int64
	finished := make([]time.Duration, conns) // each client writes its own slot before wg.Done
	start := time.Now()
	wg.Add(conns)
	for c := 0; c < conns; c++ {
		go func(c int) {
			defer wg.Done()
			ok, err := s.client(c*roundTrips, roundTrips)
			if err != nil {
				s.fail(fmt.Errorf("W13 client: %w", err))
			}
			atomic.AddInt64(&correct, ok)
			finished[c] = time.Since(start)
		}(c)
	}
	wg.Wait()
	sort.Slice(finished, func(i, j int) bool { return finished[i] < finished[j] })
	s.lastSpread = 0
	if conns > 0 && finished[conns-1] > 0 {
		last := finished[conns-1]
		firstTenth := finished[(conns+9)/10-1] // when the ceil(conns/10)-th client finished
		s.lastSpread = 100 * float64(last-firstTenth) / float64(last)
	}
	s.mu.Lock()
	err := s.err
	s.err = nil
	s.mu.Unlock()
	if err != nil {
		fail("W13: a socket failed: %v", err)
	}
	return atomic.LoadInt64(&correct)
}

// client is one client: dial, then roundTrips round trips of the ints from first; the right echoes.
func (s *echoServer) client(first, roundTrips int) (int64, error) {
	conn, err := net.Dial("tcp", s.addr)
	if err != nil {
		return 0, err
	}
	defer conn.Close()
	var buf [4]byte
	var ok int64
	for r := 0; r < roundTrips; r++ {
		v := uint32(first + r)
		binary.BigEndian.PutUint32(buf[:], v)
		if _, err := conn.Write(buf[:]); err != nil {
			return ok, err
		}
		if _, err := io.ReadFull(conn, buf[:]); err != nil {
			return ok, err
		}
		if binary.BigEndian.Uint32(buf[:]) == v+1 {
			ok++
		}
	}
	return ok, nil
}
