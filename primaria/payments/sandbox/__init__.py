"""A local stand-in for NETOPIA Payments (API v2): the gateway's side, really running. See `views`."""
