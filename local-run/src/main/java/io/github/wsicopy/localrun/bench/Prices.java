package io.github.wsicopy.localrun.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Published on-demand prices (US East, N. Virginia) the workflow bench turns counters into dollars with.
 *
 * <p>Sources, as read in 2025: aws.amazon.com/step-functions/pricing (Standard workflows: $0.025 per 1,000
 * state transitions, after the free tier), aws.amazon.com/lambda/pricing (Arm: $0.0000133334 per GB-second
 * for the first 6 billion GB-seconds a month, $0.20 per million requests), aws.amazon.com/dynamodb/pricing
 * (on-demand, Standard table class: $0.625 per million write request units and $0.125 per million read
 * request units since the price cut of 1 November 2024; $1.25 and $0.25 before). Free tiers are ignored:
 * the bench prices the marginal copy.
 *
 * @param stepFunctionsPerTransition dollars per Standard state transition
 * @param lambdaPerGbSecond          dollars per GB-second of duration (arm64)
 * @param lambdaPerRequest           dollars per invocation
 * @param dynamoDbPerWru             dollars per on-demand write request unit
 * @param dynamoDbPerRru             dollars per on-demand read request unit
 * @param label                      where the figures come from
 */
public record Prices(double stepFunctionsPerTransition, double lambdaPerGbSecond, double lambdaPerRequest,
        double dynamoDbPerWru, double dynamoDbPerRru, String label) {

    /** Current us-east-1 prices (DynamoDB on-demand after the November 2024 reduction). */
    public static final Prices US_EAST_1 = new Prices(0.025 / 1_000, 0.0000133334, 0.20 / 1_000_000,
            0.625 / 1_000_000, 0.125 / 1_000_000, "us-east-1, on-demand, 2025 (DynamoDB after the Nov 2024 cut)");

    /** The same with DynamoDB's on-demand prices before November 2024, for comparison with older estimates. */
    public static final Prices US_EAST_1_BEFORE_NOV_2024 = new Prices(0.025 / 1_000, 0.0000133334, 0.20 / 1_000_000,
            1.25 / 1_000_000, 0.25 / 1_000_000, "us-east-1, DynamoDB on-demand before Nov 2024");

    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("label", label);
        json.put("stepFunctionsPer1000Transitions", stepFunctionsPerTransition * 1_000);
        json.put("lambdaPerGbSecond", lambdaPerGbSecond);
        json.put("lambdaPerMillionRequests", lambdaPerRequest * 1_000_000);
        json.put("dynamoDbPerMillionWru", dynamoDbPerWru * 1_000_000);
        json.put("dynamoDbPerMillionRru", dynamoDbPerRru * 1_000_000);
        return json;
    }
}
