package dev.gort.chan;

/**
 * Thrown, unchecked, where Go panics on a closed channel: a send (including a select's send case)
 * on a closed channel ({@code "send on closed channel"}), and a second close
 * ({@code "close of closed channel"}).
 */
public class ChanClosedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Go's message for a send on a closed channel. */
    public static final String SEND_ON_CLOSED = "send on closed channel";
    /** Go's message for closing a closed channel. */
    public static final String CLOSE_OF_CLOSED = "close of closed channel";

    /** An exception with Go's panic message. */
    public ChanClosedException(String message) {
        super(message);
    }
}
