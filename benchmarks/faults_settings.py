"""The product's settings, with the shared cache and the task queue each behind its own address (benchmarks/faults.py).

In production both may be the same Redis; here each goes through its own small TCP proxy, so that one can be
cut while the other keeps working.
"""

import os

from config.settings import *  # noqa: F403

if os.environ.get("FAULTS_CACHE_URL"):
    CACHES["default"]["LOCATION"] = os.environ["FAULTS_CACHE_URL"]  # noqa: F405
if os.environ.get("FAULTS_QUEUE_URL"):
    HUEY = {**HUEY, "url": os.environ["FAULTS_QUEUE_URL"]}  # noqa: F405
