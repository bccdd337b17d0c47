/**
 * The Barrage scenario API: everything a scenario file needs. A scenario is one {@code .java} file with one or more
 * classes extending {@link dev.barrage.scenario.HttpUser} (or {@link dev.barrage.scenario.User}), each with
 * {@link dev.barrage.scenario.Task} methods or nested {@link dev.barrage.scenario.TaskSet}s; optionally a
 * {@link dev.barrage.scenario.LoadShape} or an {@link dev.barrage.scenario.ArrivalRate}, {@link
 * dev.barrage.scenario.Threshold}s, test hooks ({@link dev.barrage.scenario.OnTestStart}, {@link
 * dev.barrage.scenario.OnTestStop}, {@link dev.barrage.scenario.OnRequest}) and {@link dev.barrage.scenario.Feeder}s.
 */
package dev.barrage.scenario;
