package io.github.wsicopy.local;

import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;

/**
 * DynamoDB Local as an in-memory HTTP server on a free loopback port, for tests and the local run.
 *
 * <pre>{@code
 * try (LocalDynamoDb ddb = LocalDynamoDb.start()) {
 *     DynamoDbClient client = DynamoDbClient.builder().endpointOverride(ddb.endpoint())...build();
 * }
 * }</pre>
 *
 * Every instance has its own empty database; it is gone after {@link #close()}.
 */
public final class LocalDynamoDb implements AutoCloseable {

    /** A free port can be taken by someone else between probing and binding: retry a few times. */
    private static final int START_ATTEMPTS = 5;

    private final DynamoDBProxyServer server;
    private final int port;

    private LocalDynamoDb(DynamoDBProxyServer server, int port) {
        this.server = server;
        this.port = port;
    }

    /** Starts a new in-memory DynamoDB Local server. */
    public static LocalDynamoDb start() {
        Exception last = null;
        for (int attempt = 0; attempt < START_ATTEMPTS; attempt++) {
            int port = freePort();
            try {
                DynamoDBProxyServer server = ServerRunner.createServerFromCommandLineArgs(new String[] {
                        "-inMemory", "-sharedDb", "-port", Integer.toString(port), "-disableTelemetry"});
                server.start();
                return new LocalDynamoDb(server, port);
            } catch (Exception e) {
                last = e;
            }
        }
        throw new IllegalStateException("could not start DynamoDB Local", last);
    }

    /** The server's address, for {@code endpointOverride}. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public int port() {
        return port;
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("could not stop DynamoDB Local", e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
