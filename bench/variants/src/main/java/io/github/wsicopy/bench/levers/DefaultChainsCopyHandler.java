package io.github.wsicopy.bench.levers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.github.wsicopy.copy.CopyHandler;
import io.github.wsicopy.core.config.Settings;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;

/** Lever "what runs at init": the shipped copy function with the default credentials and Region chains. */
public final class DefaultChainsCopyHandler implements RequestStreamHandler {
    private final CopyHandler handler;

    public DefaultChainsCopyHandler() {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("AWS_REGION", new DefaultAwsRegionProviderChain().getRegion().id());
        handler = new CopyHandler(Levers.components(Settings.from(env), DefaultCredentialsProvider.builder().build(),
                UrlConnectionHttpClient.builder().connectionTimeout(Duration.ofSeconds(3))
                        .socketTimeout(Duration.ofSeconds(20)).build()));
    }

    @Override
    public void handleRequest(InputStream in, OutputStream out, Context context) throws IOException {
        handler.handleRequest(in, out, context);
    }
}
