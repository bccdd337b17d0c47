package dev.barrage.runner.thresholds;

/**
 * The verdict on one threshold.
 *
 * @param actual the measured value in the metric's unit, NaN when the endpoint had no requests
 * @param actualText the measured value as shown, or why there is none
 */
public record ThresholdResult(String threshold, String endpoint, String metric, double limit, double actual,
        String actualText, boolean passed) {}
