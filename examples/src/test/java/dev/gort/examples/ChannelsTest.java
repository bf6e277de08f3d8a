package dev.gort.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gort.Go;
import dev.gort.testing.Testing;
import org.junit.jupiter.api.Test;

class ChannelsTest {
    @Test
    void unbufferedMeetsAndBufferedBlocksOnTheFourthSend() throws Exception {
        int before = Go.numGoroutine();
        String out = Capture.run(new Channels());
        assertEquals("""
                unbuffered: make(chan) has no room for a value; sender and receiver meet
                trySend with no receiver waiting: false (nobody to meet, so no send)
                after 20 ms without a receiver, the sender's send has returned: false
                main receives: ping
                now the send has returned: true
                worker wrote a plain field, then sent on done; after <-done main reads it: 42

                buffered: make(chan int, 3)
                send 1 without a receiver: ok (len 1, cap 3)
                send 2 without a receiver: ok (len 2, cap 3)
                send 3 without a receiver: ok (len 3, cap 3)
                trySend(4) on the full channel: false (a send would block)
                a goroutine sends 4; after 20 ms its send has returned: false (len 3)
                main receives 1, which makes room
                the fourth send returns (len 3)
                the rest, in FIFO order: 2 3 4
                """, out.replace("\r\n", "\n"));
        Testing.awaitGoroutinesAtMost(before);
    }
}
