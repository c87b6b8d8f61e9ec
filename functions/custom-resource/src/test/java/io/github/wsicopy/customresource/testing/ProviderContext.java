package io.github.wsicopy.customresource.testing;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import io.github.wsicopy.core.testing.TestLogger;
import io.github.wsicopy.core.testing.TestStack;

/** What Lambda passes the provider: its own ARN, the request id, the time left. */
public record ProviderContext(String requestId, int remainingMillis) implements Context {
    public static final String FUNCTION_ARN =
            "arn:aws:lambda:us-east-1:" + TestStack.ACCOUNT + ":function:wsicopy-ImageCopyProviderFunction-AbC123";

    @Override public String getAwsRequestId() { return requestId; }
    @Override public String getLogGroupName() { return "/aws/lambda/wsicopy-image-copy-provider"; }
    @Override public String getLogStreamName() { return "test"; }
    @Override public String getFunctionName() { return "wsicopy-ImageCopyProviderFunction-AbC123"; }
    @Override public String getFunctionVersion() { return "$LATEST"; }
    @Override public String getInvokedFunctionArn() { return FUNCTION_ARN; }
    @Override public CognitoIdentity getIdentity() { return null; }
    @Override public ClientContext getClientContext() { return null; }
    @Override public int getRemainingTimeInMillis() { return remainingMillis; }
    @Override public int getMemoryLimitInMB() { return 512; }
    @Override public LambdaLogger getLogger() { return new TestLogger(); }
}
