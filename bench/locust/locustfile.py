"""Locust side of bench/run: GET / in a loop with no wait (throughput), or once a second (--memory).

BENCH_WAIT_SECONDS sets the constant wait. At the end Locust prints "BENCH_MAX_USERS n", the most users it had
running at once (sampled every second), which bench/run reads: on one core Locust may not reach the users asked for.
"""
import os

import gevent
from locust import FastHttpUser, HttpUser, constant, events, task

WAIT = float(os.environ.get("BENCH_WAIT_SECONDS", "0"))
_max_users = 0


class FastGet(FastHttpUser):
    wait_time = constant(WAIT)

    @task
    def get(self):
        self.client.get("/")


class SlowGet(HttpUser):
    """HttpUser: requests.Session, Locust's default client."""
    wait_time = constant(WAIT)

    @task
    def get(self):
        self.client.get("/")


@events.test_start.add_listener
def _sample_users(environment, **_):
    def sample():
        global _max_users
        while True:
            _max_users = max(_max_users, environment.runner.user_count)
            gevent.sleep(1)

    gevent.spawn(sample)


@events.quitting.add_listener
def _report_users(environment, **_):
    print(f"BENCH_MAX_USERS {_max_users}", flush=True)
