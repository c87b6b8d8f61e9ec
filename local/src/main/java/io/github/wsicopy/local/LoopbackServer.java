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
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
            server.setExecutor(Executors.newFixedThreadPool(threads, r -> {
                Thread t = new Thread(r, name);
                t.setDaemon(true);
                return t;
            }));
            return server;
        } catch (IOException e) {
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
