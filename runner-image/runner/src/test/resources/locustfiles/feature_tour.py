# Written for Barrage's converter tests: one of each Locust 1.x/2.x feature the converter handles, against the demo
# target's routes.
from locust import FastHttpUser, HttpUser, SequentialTaskSet, between, constant, constant_throughput, events, tag, task


@events.test_start.add_listener
def on_test_start(environment, **kwargs):
    print("test starting")


@events.test_stop.add_listener
def on_test_stop(environment, **kwargs):
    print("test stopped")


class Checkout(SequentialTaskSet):
    @task
    def login(self):
        with self.client.post("/login", json={"username": "ann"}, catch_response=True) as response:
            if response.json()["token"] is None:
                response.failure("no token")
            else:
                response.success()

    @task
    def leave(self):
        self.interrupt()


class Shopper(HttpUser):
    weight = 3
    wait_time = constant_throughput(20)
    tasks = {Checkout: 1}

    def on_start(self):
        self.visits = 0

    @tag("browse")
    @task(3)
    def item(self):
        self.visits += 1
        self.client.get(f"/items/{self.visits}", name="/items/[id]", headers={"X-Trace": "1"})

    @task(2)
    def search(self):
        self.client.get("/fast", params={"q": "boots", "page": 2})


class Admin(FastHttpUser):
    fixed_count = 1
    wait_time = between(0.01, 0.05)

    @task
    def latency(self):
        r = self.client.request("GET", "/latency")
        if r.status_code != 200:
            print("unexpected status %d" % r.status_code)
