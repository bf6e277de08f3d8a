package dev.gort.benchmarks.workloads

import dev.gort.benchmarks.harness.Spin
import dev.gort.benchmarks.harness.Workload
import dev.gort.benchmarks.harness.Workloads
import dev.gort.benchmarks.harness.Workloads.Parked
import java.time.Duration
import java.util.concurrent.atomic.AtomicInteger
import java.util.concurrent.atomic.AtomicLong
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.Job
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.channels.SendChannel
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.delay
import kotlinx.coroutines.joinAll
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.selects.select
import kotlinx.coroutines.sync.Mutex
import kotlinx.coroutines.sync.withLock

/**
 * The workloads on kotlinx-coroutines: coroutines on `Dispatchers.Default` (its core pool size is
 * the cell's P), `Channel`, `select`, `Mutex`, `delay`. Structured concurrency replaces the wait
 * group: a `coroutineScope` returns when every coroutine it launched has finished. W10's context is
 * a `Job`: the coroutines select on its `onJoin`, and cancel is `job.cancel()`.
 */
class KotlinWorkloads : Workloads {

    override fun notApplicable(w: Workload): String? =
        if (w == Workload.W13) Workload.W13_NO_SOCKETS else null

    override fun note(w: Workload): String? = when (w) {
        Workload.W4 -> "kotlin: coroutines are stackless objects, not threads; the scope's join is the wait group"
        Workload.W10 -> "kotlin: a Job is the context; the coroutines select on job.onJoin, cancel is job.cancel()"
        else -> null
    }

    /** Runs `body` as the "main goroutine": a coroutine on Dispatchers.Default. */
    private fun main(body: suspend CoroutineScope.() -> Long): Long = runBlocking(Dispatchers.Default, body)

    override fun pingPong(n: Int): Long = main {
        val ping = Channel<Int>()
        val pong = Channel<Int>()
        launch { for (v in ping) pong.send(v) }
        var sum = 0L
        for (i in 0 until n) {
            ping.send(i)
            sum += pong.receive()
        }
        ping.close()
        sum
    }

    override fun spsc(n: Int): Long = main {
        val c = Channel<Int>(1024)
        launch {
            for (i in 0 until n) c.send(i)
            c.close()
        }
        var sum = 0L
        for (v in c) sum += v
        sum
    }

    override fun mpmc(n: Int, cap: Int): Long = main {
        val c = Channel<Int>(if (cap == 0) Channel.RENDEZVOUS else cap)
        val producers = List(4) { p ->
            launch {
                var i = p
                while (i < n) {
                    c.send(i)
                    i += 4
                }
            }
        }
        launch {
            producers.joinAll()
            c.close()
        }
        val sums = Channel<Long>(4)
        repeat(4) {
            launch {
                var s = 0L
                for (v in c) s += v
                sums.send(s)
            }
        }
        var sum = 0L
        repeat(4) { sum += sums.receive() }
        sum
    }

    override fun spawn(n: Int): Long = main {
        val ran = ByteArray(n)
        coroutineScope {
            for (i in 0 until n) launch { ran[i] = 1 }
        }
        ran.fold(0L) { acc, b -> acc + b }
    }

    override fun skynet(leaves: Int): Long = main {
        val c = Channel<Long>()
        launch { skynet(this, c, 0, leaves.toLong()) }
        c.receive()
    }

    private suspend fun skynet(scope: CoroutineScope, c: SendChannel<Long>, num: Long, size: Long) {
        if (size == 1L) {
            c.send(num)
            return
        }
        val rc = Channel<Long>()
        for (i in 0 until 10) {
            val sub = num + i * (size / 10)
            scope.launch { skynet(this, rc, sub, size / 10) }
        }
        var sum = 0L
        repeat(10) { sum += rc.receive() }
        c.send(sum)
    }

    override fun parked(n: Int): Parked {
        val c = Channel<Int>()
        return parkedOn(n, { c.close() }) { c.receiveCatching().isClosed }
    }

    /**
     * Launches n coroutines that each run `wait` (true when it saw the close or cancel) and returns
     * once all started. Two counters that complete a deferred at zero are the wait groups.
     */
    private fun parkedOn(n: Int, onRelease: () -> Unit, wait: suspend () -> Boolean): Parked {
        val scope = CoroutineScope(Dispatchers.Default + SupervisorJob())
        val woke = AtomicLong()
        val toStart = AtomicInteger(n)
        val allStarted = CompletableDeferred<Unit>()
        val toExit = AtomicInteger(n)
        val allExited = CompletableDeferred<Unit>()
        main {
            repeat(n) {
                scope.launch {
                    if (toStart.decrementAndGet() == 0) allStarted.complete(Unit)
                    if (wait()) woke.incrementAndGet()
                    if (toExit.decrementAndGet() == 0) allExited.complete(Unit)
                }
            }
            allStarted.await()
            0L
        }
        return Parked {
            main {
                onRelease()
                allExited.await()
                woke.get()
            }
        }
    }

    override fun selectFanIn(n: Int): Long = main {
        val cs = List(4) { Channel<Int>() }
        for (p in 0 until 4) {
            launch {
                var i = p
                while (i < n) {
                    cs[p].send(i)
                    i += 4
                }
            }
        }
        var sum = 0L
        repeat(n) {
            sum += select<Int> {
                cs[0].onReceive { it }
                cs[1].onReceive { it }
                cs[2].onReceive { it }
                cs[3].onReceive { it }
            }
        }
        sum
    }

    override fun mutex(n: Int, workers: Int): Long = main {
        val mu = Mutex()
        var counter = 0L
        coroutineScope {
            for (w in 0 until workers) {
                val k = JdkWorkloads.share(n, workers, w)
                launch { repeat(k) { mu.withLock { counter++ } } }
            }
        }
        counter
    }

    override fun atomic(n: Int, workers: Int): Long = main {
        val counter = AtomicLong()
        coroutineScope {
            for (w in 0 until workers) {
                val k = JdkWorkloads.share(n, workers, w)
                launch { repeat(k) { counter.incrementAndGet() } }
            }
        }
        counter.get()
    }

    override fun daisyChain(n: Int, passes: Int): Long = main {
        val first = Channel<Int>()
        var input = first
        for (i in 0 until n) {
            val from = input
            val to = Channel<Int>()
            launch { repeat(passes) { to.send(1 + from.receive()) } }
            input = to
        }
        var sum = 0L
        for (p in 0 until passes) {
            first.send(p)
            sum += input.receive()
        }
        sum
    }

    override fun ctxCancel(n: Int): Parked {
        val ctx = Job()
        val never = Channel<Int>()
        return parkedOn(n, { ctx.cancel() }) {
            select<Boolean> {
                ctx.onJoin { true }
                never.onReceive { false }
            }
        }
    }

    override fun timers(n: Int, d: Duration): Long = main {
        val woke = AtomicLong()
        coroutineScope {
            repeat(n) {
                launch {
                    delay(d.toMillis())
                    woke.incrementAndGet()
                }
            }
        }
        woke.get()
    }

    override fun parallel(n: Int): Long = main {
        val results = LongArray(n)
        coroutineScope {
            for (i in 0 until n) launch { results[i] = Spin.spin(i.toLong()) }
        }
        results.sum()
    }

    override fun netEcho(conns: Int, roundTrips: Int): Long =
        throw UnsupportedOperationException(notApplicable(Workload.W13))
}
