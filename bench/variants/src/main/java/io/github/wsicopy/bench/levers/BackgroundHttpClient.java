package io.github.wsicopy.bench.levers;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.function.Supplier;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.SdkHttpClient;

/**
 * Lever "HTTP client built in the background": an HTTP client built on a thread of its own while the caller goes
 * on building SDK clients. Building the URLConnection client sets up a TLS context (JSSE and the JDK's trust
 * store, about a tenth of a cold start), which nothing else in the init needs: SDK clients only keep a reference
 * to their HTTP client until the first request, which waits for the build if it is not done yet.
 *
 * <p>It moves work rather than removing it, so it can only pay where a second core is free; not adopted
 * (docs/performance.md, "What each lever bought").
 */
final class BackgroundHttpClient implements SdkHttpClient {
    private final String clientName;
    private final FutureTask<SdkHttpClient> build;

    private BackgroundHttpClient(String clientName, Supplier<SdkHttpClient> builder) {
        this.clientName = clientName;
        this.build = new FutureTask<>(builder::get);
    }

    /**
     * Starts building on a daemon thread. {@code clientName} is what the built client will report: the SDK
     * reads it while building its clients (for the user agent), which must not wait for the build.
     */
    static BackgroundHttpClient start(String clientName, Supplier<SdkHttpClient> builder) {
        BackgroundHttpClient client = new BackgroundHttpClient(clientName, builder);
        Thread thread = new Thread(client.build, "wsicopy-http-client-init");
        thread.setDaemon(true);
        thread.start();
        return client;
    }

    /** The built client; a failed build fails every request with its cause, as a failed init would have. */
    SdkHttpClient delegate() {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return build.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r
                    : new IllegalStateException("building the HTTP client failed", e.getCause());
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
        return delegate().prepareRequest(request);
    }

    @Override
    public String clientName() {
        return clientName;
    }

    @Override
    public void close() {
        delegate().close();
    }
}
