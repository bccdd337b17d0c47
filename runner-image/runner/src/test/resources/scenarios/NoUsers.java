/** Compiles, but has nothing to run. */
public class NoUsers {
    public static int answer() {
        return 42;
    }
}
