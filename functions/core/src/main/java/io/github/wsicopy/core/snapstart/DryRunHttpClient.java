package io.github.wsicopy.core.snapstart;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpFullResponse;

/**
 * An SDK HTTP client with no network at all: every request is answered in memory by a {@link DryRunService}.
 * The priming run builds its SDK clients on it, so the whole request path (marshalling, endpoint rules,
 * signing, retries, unmarshalling) is loaded and run, and nothing can reach a real service by construction.
 */
public final class DryRunHttpClient implements SdkHttpClient {
    private final DryRunService service;
    private final AtomicInteger served = new AtomicInteger();

    public DryRunHttpClient(DryRunService service) {
        this.service = service;
    }

    /** Requests answered so far. */
    public int served() {
        return served.get();
    }

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
        return new ExecutableHttpRequest() {
            @Override
            public HttpExecuteResponse call() {
                String body = request.contentStreamProvider().map(p -> read(p.newStream())).orElse("");
                String operation = operation(request.httpRequest().firstMatchingHeader("X-Amz-Target"), body);
                DryRunService.Answer answer = service.answer(operation, body);
                served.incrementAndGet();
                byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
                return HttpExecuteResponse.builder()
                        .response(SdkHttpFullResponse.builder().statusCode(200)
                                .putHeader("Content-Type", answer.contentType())
                                .putHeader("Content-Length", Integer.toString(bytes.length))
                                .putHeader("x-amzn-RequestId", "snapstart-priming")
                                .build())
                        .responseBody(AbortableInputStream.create(new ByteArrayInputStream(bytes)))
                        .build();
            }

            @Override
            public void abort() {
                // nothing in flight
            }
        };
    }

    /** JSON protocols name the operation in X-Amz-Target ("DynamoDB_20120810.GetItem"); the Query protocol in the body. */
    static String operation(Optional<String> target, String body) {
        if (target.isPresent()) {
            String t = target.get();
            return t.substring(t.lastIndexOf('.') + 1);
        }
        for (String pair : body.split("&")) {
            if (pair.startsWith("Action=")) {
                return pair.substring("Action=".length());
            }
        }
        return "";
    }

    private static String read(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String clientName() {
        return "DryRun";
    }

    @Override
    public void close() {
        // nothing to release
    }
}
