package io.github.sfnconnect.emulator;

import java.net.InetAddress;
import java.net.URI;
import java.time.Clock;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;

/**
 * Owns the Jetty server: one HTTP/1.1 connector on a free loopback port, daemon threads only, no {@code Server}
 * header and no Date header of Jetty's own (the {@link HttpFrontEnd} sets it from the emulator's clock, and so
 * does the error handler for the few errors Jetty answers itself, such as a malformed request line).
 * Jetty accepts with TCP_NODELAY set, so a small response is not held back by Nagle's algorithm.
 */
final class HttpServerRunner implements AutoCloseable {
    private final Server server;
    private final ServerConnector connector;

    HttpServerRunner(HttpFrontEnd frontEnd, Clock clock) {
        QueuedThreadPool threads = new QueuedThreadPool(200, 2);
        threads.setName("sfn-emulator");
        threads.setDaemon(true);
        threads.setStopTimeout(0);
        server = new Server(threads, new ScheduledExecutorScheduler("sfn-emulator-scheduler", true), null);
        server.setStopTimeout(0);
        HttpConfiguration config = new HttpConfiguration();
        config.setSendDateHeader(false);
        config.setSendServerVersion(false);
        config.setSendXPoweredBy(false);
        connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(config));
        connector.setHost(InetAddress.getLoopbackAddress().getHostAddress());
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(frontEnd);
        server.setErrorHandler(new DatedErrorHandler(clock));
        try {
            server.start();
        } catch (Exception e) {
            throw new IllegalStateException("could not start the emulator's HTTP server on a loopback port", e);
        }
    }

    URI endpoint() {
        return URI.create("http://" + connector.getHost() + ":" + connector.getLocalPort());
    }

    /** Stops at once; requests in flight are cut off. */
    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("could not stop the emulator's HTTP server", e);
        }
    }

    /** Jetty's own error pages (bad requests it rejects before the handler) get the emulator's Date too. */
    private static final class DatedErrorHandler extends ErrorHandler {
        private final Clock clock;

        DatedErrorHandler(Clock clock) {
            this.clock = clock;
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) throws Exception {
            response.getHeaders().put(HttpHeader.DATE, HttpDates.format(clock.instant()));
            return super.handle(request, response, callback);
        }
    }
}
