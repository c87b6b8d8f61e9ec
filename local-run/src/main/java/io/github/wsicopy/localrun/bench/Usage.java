package io.github.wsicopy.localrun.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a run used, in the units the three billed services charge: Step Functions Standard state transitions,
 * Lambda invocations and GB-seconds, DynamoDB on-demand read and write request units. Both designs of the
 * bench (the batched Region loop that ran, and the per-image poll loop computed from it) are one of these.
 */
public record Usage(long copies, long stateTransitions, long lambdaInvocations, double lambdaGbSeconds,
        double readRequestUnits, double writeRequestUnits) {

    /** Dollars for the whole run, by service. */
    public record Cost(double stepFunctions, double lambda, double dynamoDb) {
        public double total() {
            return stepFunctions + lambda + dynamoDb;
        }

        public Cost scaled(double factor) {
            return new Cost(stepFunctions * factor, lambda * factor, dynamoDb * factor);
        }

        public Map<String, Object> toJson() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("stepFunctions", round(stepFunctions));
            json.put("lambda", round(lambda));
            json.put("dynamoDb", round(dynamoDb));
            json.put("total", round(total()));
            return json;
        }
    }

    public Cost cost(Prices prices) {
        return new Cost(stateTransitions * prices.stepFunctionsPerTransition(),
                lambdaInvocations * prices.lambdaPerRequest() + lambdaGbSeconds * prices.lambdaPerGbSecond(),
                writeRequestUnits * prices.dynamoDbPerWru() + readRequestUnits * prices.dynamoDbPerRru());
    }

    /** The run's cost scaled to 1,000 copies (what the target is stated in). */
    public Cost costPer1000Copies(Prices prices) {
        if (copies <= 0) {
            throw new IllegalStateException("no copies were made: there is no cost per copy");
        }
        return cost(prices).scaled(1_000.0 / copies);
    }

    public double perCopy(double amount) {
        return copies == 0 ? 0 : amount / copies;
    }

    public Map<String, Object> toJson(Prices prices) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("copies", copies);
        json.put("stateTransitions", stateTransitions);
        json.put("lambdaInvocations", lambdaInvocations);
        json.put("lambdaGbSeconds", round(lambdaGbSeconds));
        json.put("readRequestUnits", round(readRequestUnits));
        json.put("writeRequestUnits", round(writeRequestUnits));
        json.put("cost", cost(prices).toJson());
        json.put("costPer1000Copies", costPer1000Copies(prices).toJson());
        return json;
    }

    static double round(double value) {
        return Math.round(value * 1e6) / 1e6;
    }
}
