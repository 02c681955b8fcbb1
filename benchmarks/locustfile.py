"""The users of ``benchmarks.load``: each role opens its own pages, signed in with a session
the benchmark made (LOAD_BENCH_SESSIONS: a JSON file, role -> sessions and pages).

Run only by ``benchmarks.load``, against a server it started on the loopback address.
"""

import itertools
import json
import os

from locust import HttpUser, between, task

with open(os.environ["LOAD_BENCH_SESSIONS"], encoding="utf-8") as _file:
    _SESSIONS = json.load(_file)
_NEXT = {role: itertools.cycle(people) for role, people in _SESSIONS.items()}

PAGES = {
    "organiser": ["home", "registrations", "review", "progress", "dashboard", "deals"],
    "lead": ["home", "registrations", "review", "progress", "dashboard", "deals"],
    "registrant": ["home", "registrations", "deals"],
    "national_viewer": ["home", "registrations", "progress", "dashboard", "deals"],
}
URLS = {
    "home": "/",
    "registrations": "/registrations/",
    "review": "/review/",
    "dashboard": "/dashboard/",
    "deals": "/deals/",
}


class RoleUser(HttpUser):
    abstract = True
    role = ""
    wait_time = between(0.5, 1.5)

    def on_start(self):
        person = next(_NEXT[self.role])
        self.progress = person["progress"]
        self.client.cookies.set("sessionid", person["session"])
        self.client.headers["Accept-Language"] = "zh-hans"

    @task
    def pages(self):
        self.client.get("/accounts/password/", name="trivial page")
        for page in PAGES[self.role]:
            url = self.progress if page == "progress" else URLS[page]
            with self.client.get(url, name=f"{page} · {self.role}", catch_response=True) as r:
                if r.status_code != 200 or "/accounts/login/" in r.url:
                    r.failure(f"{r.status_code} {r.url}")


class Organiser(RoleUser):
    role = "organiser"


class Lead(RoleUser):
    role = "lead"


class Registrant(RoleUser):
    role = "registrant"


class NationalViewer(RoleUser):
    role = "national_viewer"
