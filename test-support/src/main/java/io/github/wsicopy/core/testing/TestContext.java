package io.github.wsicopy.core.testing;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import java.util.UUID;

/** What the Lambda runtime passes a handler; the ARN carries the account, as in AWS. */
public final class TestContext implements Context {
    private final String requestId = UUID.randomUUID().toString();
    private final TestLogger logger = new TestLogger();
    private final int remainingMillis;

    public TestContext() {
        this(60_000);
    }

    /** An invocation with this much time left. */
    public TestContext(int remainingMillis) {
        this.remainingMillis = remainingMillis;
    }

    @Override public String getAwsRequestId() { return requestId; }
    @Override public String getLogGroupName() { return "/aws/lambda/test"; }
    @Override public String getLogStreamName() { return "test"; }
    @Override public String getFunctionName() { return "test"; }
    @Override public String getFunctionVersion() { return "$LATEST"; }
    @Override public String getInvokedFunctionArn() { return "arn:aws:lambda:us-east-1:" + TestStack.ACCOUNT + ":function:test"; }
    @Override public CognitoIdentity getIdentity() { return null; }
    @Override public ClientContext getClientContext() { return null; }
    @Override public int getRemainingTimeInMillis() { return remainingMillis; }
    @Override public int getMemoryLimitInMB() { return 1024; }
    @Override public LambdaLogger getLogger() { return logger; }
}
