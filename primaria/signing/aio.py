"""pyHanko's signing and validation are coroutines; our callers are synchronous Django code."""

import asyncio
from concurrent.futures import ThreadPoolExecutor


def run(coroutine):
    """Run a coroutine to completion from synchronous code.

    `asyncio.run` refuses to start when the calling thread already runs an event loop (an ASGI server,
    or a test driving a browser through Playwright's sync API); then the coroutine runs on a fresh loop
    in a short-lived thread instead.
    """
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coroutine)
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def outside_event_loop(function):
    """Run `function` in a short-lived thread when the calling thread runs an event loop.

    pyHanko's synchronous helpers call `asyncio.run` inside; this keeps them usable from threads that
    already run a loop (an ASGI server, Playwright's sync API in tests).
    """
    from functools import wraps

    @wraps(function)
    def wrapper(*args, **kwargs):
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            return function(*args, **kwargs)
        with ThreadPoolExecutor(max_workers=1) as pool:
            return pool.submit(function, *args, **kwargs).result()

    return wrapper
