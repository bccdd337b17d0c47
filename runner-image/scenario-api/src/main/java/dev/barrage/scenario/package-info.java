/**
 * The Barrage scenario API: everything a scenario file needs. A scenario is one {@code .java} file with one or more
 * classes extending {@link dev.barrage.scenario.HttpUser} (or {@link dev.barrage.scenario.User}), each with
 * {@link dev.barrage.scenario.Task} methods.
 */
package dev.barrage.scenario;
