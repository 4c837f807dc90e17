package io.github.sfnconnect.it;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Copies everything written to System.out and System.err (where slf4j-simple writes the worker's log lines) while it
 * is open, and still writes it to the console.
 */
final class ConsoleCapture implements AutoCloseable {

    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private final PrintStream err = System.err;
    private final PrintStream out = System.out;

    ConsoleCapture() {
        System.setErr(tee(err));
        System.setOut(tee(out));
    }

    /** Writes to both: the captured copy (threads of the worker write concurrently), and the console as usual. */
    private PrintStream tee(PrintStream console) {
        return new PrintStream(new OutputStream() {
            @Override
            public void write(int b) {
                synchronized (buffer) {
                    buffer.write(b);
                }
                console.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                synchronized (buffer) {
                    buffer.write(b, off, len);
                }
                console.write(b, off, len);
            }
        }, true, StandardCharsets.UTF_8);
    }

    String text() {
        synchronized (buffer) {
            return buffer.toString(StandardCharsets.UTF_8);
        }
    }

    @Override
    public void close() {
        System.setErr(err);
        System.setOut(out);
    }
}
