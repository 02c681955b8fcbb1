"""gunicorn's settings for the web process (read from the working directory by default).

``WEB_BIND`` (127.0.0.1:8000; 0.0.0.0:8000 in the container) and ``WEB_CONCURRENCY``
(worker processes, 3) come from the environment. No access log: the application writes
one line per request itself (ciie_delegations.logs), and gunicorn's own lines use the same
format and time zone.
"""

import os

from ciie_delegations.logconfig import logging_config

wsgi_app = "ciie_delegations.wsgi:application"
bind = os.environ.get("WEB_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
# Exports and large imports run in workers, so a request that takes this long is stuck.
timeout = int(os.environ.get("WEB_TIMEOUT", "60"))
graceful_timeout = 20
max_requests = 2000
max_requests_jitter = 200
accesslog = None
# gunicornc's control socket sits at one path per user: two servers on a machine collide.
control_socket_disable = True
logconfig_dict = logging_config(
    json=os.environ.get("LOG_FORMAT") == "json", level=os.environ.get("LOG_LEVEL", "INFO")
)
