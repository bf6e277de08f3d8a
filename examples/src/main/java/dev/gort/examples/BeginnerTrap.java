package dev.gort.examples;

import dev.gort.Go;
import dev.gort.chan.Chan;
import dev.gort.chan.Time;
import dev.gort.sync.WaitGroup;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The beginner's trap: {@code main} returns before its goroutine has printed, and the program exits
 * without the goroutine's line. Then the two fixes — wait for it with a {@link WaitGroup}, or have it
 * say "done" on a channel — and why sleeping is not a third.
 *
 * <p>The Go it mirrors:
 * <pre>{@code
 * func main() {
 *     go fmt.Println("hello from a goroutine")
 * }                                  // prints nothing (usually): main returned, the program exited
 *
 * var wg sync.WaitGroup              // fix 1
 * wg.Go(func() { fmt.Println("hello from a goroutine") })
 * wg.Wait()
 *
 * done := make(chan struct{})        // fix 2
 * go func() { fmt.Println("hello from a goroutine"); close(done) }()
 * <-done
 *
 * go fmt.Println("hello from a goroutine")
 * time.Sleep(10 * time.Millisecond) // not a fix: a guess about someone else's speed
 * }</pre>
 *
 * <p>The same trap is in Java: goroutines are virtual threads, and virtual threads are daemon
 * threads, so the JVM exits when {@code main} returns, whatever goroutines are still running. In real
 * life whether the goroutine gets to print first depends on timing; to show the trap every time, each
 * "program" here is a method whose return stands for {@code main} returning, and its goroutine first
 * waits on a gate (standing for whatever makes it late: a loaded machine, a GC pause, a slow disk)
 * that is opened only after that "main" has returned. The program's output is collected in a list,
 * printed as it was at the moment "main" returned.
 */
public final class BeginnerTrap implements Example {
    /** The example; {@link #run} runs it. */
    public BeginnerTrap() {}

    static final String HELLO = "hello from a goroutine";

    @Override
    public String name() {
        return "trap";
    }

    @Override
    public String title() {
        return "the beginner's trap: main returns before the goroutine prints; the fixes";
    }

    /** What one simulated program printed, in order; goroutines add to it too. */
    private static final class Stdout {
        private final List<String> lines = new ArrayList<>();

        synchronized void println(String line) {
            lines.add(line);
        }

        synchronized String snapshot() {
            return lines.toString();
        }
    }

    @Override
    public void run(PrintStream out) {
        // 1. The trap.
        Stdout stdout = new Stdout();
        Chan<Void> gate = Chan.make();
        WaitGroup late = new WaitGroup();
        late.add(1);
        // main():
        Go.go(() -> {
            gate.recv(); // not scheduled yet
            stdout.println(HELLO);
            late.done();
        });
        stdout.println("main: bye");
        // main has returned.
        out.println("1. go f(), then main returns");
        out.println("   printed when main returned: " + stdout.snapshot());
        out.println("   the goroutine's line is missing: the program ended with main and took the goroutine with it");
        gate.close();
        late.await();
        out.println("   (had the program lived on, it would have printed: " + stdout.snapshot() + ")");

        // 2. Fix: a WaitGroup.
        Stdout fixed = new Stdout();
        Chan<Void> gate2 = Chan.make();
        WaitGroup wg = new WaitGroup();
        wg.go(() -> {
            gate2.recv();
            fixed.println(HELLO);
        });
        gate2.close(); // the goroutine may be as late as it likes: main waits
        wg.await();
        fixed.println("main: bye");
        out.println("2. fix: wg.go(f); wg.await() before returning");
        out.println("   printed when main returned: " + fixed.snapshot());

        // 3. Fix: a channel.
        Stdout fixed2 = new Stdout();
        Chan<Void> gate3 = Chan.make();
        Chan<Void> done = Chan.make();
        Go.go(() -> {
            gate3.recv();
            fixed2.println(HELLO);
            done.close(); // or done.send(null): either wakes main
        });
        gate3.close();
        done.recv();
        fixed2.println("main: bye");
        out.println("3. fix: the goroutine closes a done channel; main receives from it before returning");
        out.println("   printed when main returned: " + fixed2.snapshot());

        // 4. Not a fix: sleeping.
        Stdout slept = new Stdout();
        Chan<Void> gate4 = Chan.make();
        WaitGroup late4 = new WaitGroup();
        late4.add(1);
        Go.go(() -> {
            gate4.recv(); // this time the goroutine is slower than main's guess
            slept.println(HELLO);
            late4.done();
        });
        Time.sleep(Duration.ofMillis(10));
        slept.println("main: bye");
        out.println("4. not a fix: go f(); sleep 10 ms; return");
        out.println("   printed when main returned: " + slept.snapshot());
        out.println("   a sleep is a guess about another goroutine's speed: too short on a loaded machine or");
        out.println("   in a GC pause, wasted time otherwise; and it orders no memory, so even a goroutine that");
        out.println("   did finish has no guarantee its writes are visible. WaitGroup and channels say \"it is done\".");
        gate4.close();
        late4.await();
    }
}
