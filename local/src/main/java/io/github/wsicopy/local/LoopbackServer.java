package io.github.wsicopy.local;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** The JDK's HTTP server on loopback, as the local stand-ins use it: daemon threads, stopped at once. */
public final class LoopbackServer {
    private LoopbackServer() {}

    /** A server on 127.0.0.1 ({@code port} 0: a free one) with {@code threads} daemon threads; not started yet. */
    public static HttpServer create(int port, String name, int threads) {
        return create(port, name, Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        }));
    }

    /** The same with an executor of the caller's (e.g. virtual threads); it is shut down by {@link #stop}. */
    public static HttpServer create(int port, String name, ExecutorService executor) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 128);
            server.setExecutor(executor);
            return server;
        } catch (IOException e) {
            executor.shutdownNow();
            throw new UncheckedIOException("cannot start the " + name + " on port " + port, e);
        }
    }

    public static URI endpoint(HttpServer server) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public static void stop(HttpServer server) {
        server.stop(0);
        ((ExecutorService) server.getExecutor()).shutdownNow();
    }
}
