package io.github.wsicopy.core.cloudformation;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * PUTs a response to CloudFormation's pre-signed S3 URL with the JDK's HTTP client (no extra dependency).
 * The URL is signed without a content type, so the request carries an empty {@code Content-Type}: any other
 * value breaks the signature and S3 refuses the PUT.
 */
public class ResponseSender {
    private static final int ATTEMPTS = 4;

    /** Built on the first answer: most invocations of the workflow's functions answer nothing (cold start). */
    private HttpClient http;

    private synchronized HttpClient http() {
        if (http == null) {
            http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).version(HttpClient.Version.HTTP_1_1).build();
        }
        return http;
    }

    /** The response could not be delivered; the request's decision stays recorded for the next delivery. */
    public static final class NotDelivered extends RuntimeException {
        public NotDelivered(String message, Throwable cause) {
            super(message, cause);
        }
    }

    public void send(String responseUrl, byte[] body) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(responseUrl))
                .timeout(Duration.ofSeconds(20))
                .header("Content-Type", "")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        String problem = "no attempt made";
        Throwable cause = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                HttpResponse<String> response = http().send(request, HttpResponse.BodyHandlers.ofString());
                int status = response.statusCode();
                if (status / 100 == 2) {
                    return;
                }
                problem = "HTTP " + status + " " + abbreviate(response.body());
                if (status / 100 == 4) {
                    break; // an expired or tampered URL will not get better by trying again
                }
            } catch (IOException e) {
                problem = e.getClass().getSimpleName() + ": " + e.getMessage();
                cause = e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new NotDelivered("interrupted while answering CloudFormation", e);
            }
            pause(attempt);
        }
        throw new NotDelivered("CloudFormation's response URL did not take the response: " + problem, cause);
    }

    private static void pause(int attempt) {
        try {
            Thread.sleep(200L << attempt);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String abbreviate(String text) {
        return text.length() > 200 ? text.substring(0, 200) + "…" : text;
    }
}
