from . import tenancy


class CityHallMiddleware:
    """Serve the city hall the request's host names (`tenancy`). The host is resolved when a page first asks
    which city hall it serves (most do, through `main_institution()`): a host of none of the city halls of an
    installation hosting many then answers 404 in Romanian (`tenancy.UnknownHost`); probes, metrics and static
    files never ask."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # The installation's admin answers on any of its host names.
        with tenancy.serving_host(request.get_host(), fallback=request.path.startswith("/admin/")):
            return self.get_response(request)
