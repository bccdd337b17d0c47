"""The Login scenario (examples/Login.java) in Locust, for comparison:
locust -f locustfile.py --headless -u 5 -r 5 -t 20s -H http://127.0.0.1:PORT --only-summary"""
import random
import re

from locust import HttpUser, between, task


class Login(HttpUser):
    wait_time = between(0.05, 0.15)

    def on_start(self):
        form = self.client.get("/login").text
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)
        username = random.choice(["ann", "bob"])
        with self.client.post("/login", data={"username": username, "password": "secret", "csrf_token": csrf},
                              catch_response=True) as r:
            if not r.url.endswith("/account"):
                r.failure("not signed in")

    @task(3)
    def account(self):
        with self.client.get("/account", catch_response=True) as r:
            if "Signed in as" not in r.text:
                r.failure("not signed in")

    @task(1)
    def item(self):
        self.client.get(f"/items/{random.randint(1, 100)}", name="/items/[id]")
