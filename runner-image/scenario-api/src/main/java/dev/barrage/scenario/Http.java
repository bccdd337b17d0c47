package dev.barrage.scenario;

/**
 * The HTTP client of one virtual user. It keeps one keep-alive connection per host, like a browser tab or Locust's
 * per-user session, and sends relative paths to the run's host ({@code -H}).
 */
public interface Http {
    Request get(String path);

    Request post(String path);

    Request put(String path);

    Request patch(String path);

    Request delete(String path);

    Request head(String path);

    Request request(String method, String path);

    /** A GraphQL query or mutation, POSTed to {@code path} (e.g. {@code "/graphql"}). */
    GraphQl graphql(String path, String query);

    /** Headers sent with every request of this user from now on, e.g. an {@code Authorization} header. */
    Http defaultHeader(String name, String value);
}
