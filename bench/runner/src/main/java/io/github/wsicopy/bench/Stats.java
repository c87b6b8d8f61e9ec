package io.github.wsicopy.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Median and spread of one measurement over the samples: quartiles (the spread), extremes and count. */
public record Stats(double median, double p25, double p75, double min, double max, int n) {

    public static Stats of(List<Double> values) {
        if (values.isEmpty()) {
            return new Stats(Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0);
        }
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return new Stats(quantile(sorted, 0.5), quantile(sorted, 0.25), quantile(sorted, 0.75),
                sorted.getFirst(), sorted.getLast(), sorted.size());
    }

    /** Linear interpolation between closest ranks (the common "type 7" definition). */
    static double quantile(List<Double> sorted, double q) {
        double rank = q * (sorted.size() - 1);
        int lo = (int) Math.floor(rank);
        int hi = (int) Math.ceil(rank);
        return sorted.get(lo) + (sorted.get(hi) - sorted.get(lo)) * (rank - lo);
    }

    /** Interquartile range: the spread the tables show. */
    public double iqr() {
        return p75 - p25;
    }

    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("median", round(median));
        json.put("p25", round(p25));
        json.put("p75", round(p75));
        json.put("min", round(min));
        json.put("max", round(max));
        json.put("n", n);
        return json;
    }

    static double round(double value) {
        return Math.round(value * 10.0) / 10.0;
    }

    static double round2(double value) {
        return Math.round(value * 100.0) / 100.0;
    }
}
