package io.github.wsicopy.customresource;

import io.github.wsicopy.core.json.Json;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvocationType;

/**
 * The next invocation is an asynchronous Invoke of the provider itself: Lambda queues it, retries it twice if
 * it fails, and then hands it to the failure handler, which answers CloudFormation FAILED. The function's own
 * ARN comes from the running invocation, so the template needs no reference from the function to itself.
 */
public final class LambdaContinuations implements Continuations {
    private final LambdaClient lambda;

    public LambdaContinuations(LambdaClient lambda) {
        this.lambda = lambda;
    }

    @Override
    public void schedule(String functionArn, Map<String, Object> event) {
        lambda.invoke(r -> r.functionName(functionArn)
                .invocationType(InvocationType.EVENT)
                .payload(SdkBytes.fromByteArray(Json.writeBytes(event))));
    }
}
