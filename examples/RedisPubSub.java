//DEPS redis.clients:jedis:5.2.0
import dev.barrage.scenario.FixedCount;
import dev.barrage.scenario.Task;
import dev.barrage.scenario.User;
import dev.barrage.scenario.WaitTime;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPubSub;

/**
 * Non-HTTP work in the same statistics: Redis commands through Jedis, which the //DEPS line above brings from Maven
 * Central. Publishers send orders and update stock, each command timed with measure(); one subscriber reads the
 * orders and records each message's time from publication to delivery. No -H needed:
 *   redis-server --port 6379 &
 *   ./barrage run -f examples/RedisPubSub.java -u 10 -r 5 -t 30s --headless -e REDIS_PORT=6379
 */
public class RedisPubSub {
    public static class Publisher extends User {
        private Jedis jedis;

        @Override
        protected WaitTime waitTime() {
            return constant(Duration.ofMillis(100));
        }

        @Override
        public void onStart() {
            jedis = new Jedis("127.0.0.1", Integer.parseInt(parameter("REDIS_PORT").orElse("6379")));
        }

        @Task(3)
        void publish() {
            String order = System.nanoTime() + ":" + ThreadLocalRandom.current().nextInt(1000);
            measure("redis", "PUBLISH orders", () -> jedis.publish("orders", order));
        }

        @Task
        void stock() {
            String key = "stock:" + ThreadLocalRandom.current().nextInt(100);
            measure("redis", "INCR stock:[id]", () -> jedis.incr(key));
            measure("redis", "GET stock:[id]", () -> jedis.get(key));
        }

        @Override
        public void onStop() {
            jedis.close();
        }
    }

    /** Listens to the orders channel for the whole test, beside its (idle) task loop. */
    @FixedCount(1)
    public static class Subscriber extends User {
        @Override
        public void onStart() {
            int port = Integer.parseInt(parameter("REDIS_PORT").orElse("6379"));
            background("redis", "SUBSCRIBE orders", http -> {
                try (Jedis jedis = new Jedis("127.0.0.1", port)) {
                    jedis.subscribe(new JedisPubSub() {
                        @Override
                        public void onMessage(String channel, String message) {
                            long sentNanos = Long.parseLong(message.substring(0, message.indexOf(':')));
                            record("redis", "order delivered", Duration.ofNanos(System.nanoTime() - sentNanos));
                        }
                    }, "orders");
                }
            });
        }

        @Task
        void idle() {
            sleep(Duration.ofSeconds(1));
        }
    }
}
