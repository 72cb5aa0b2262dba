"""A small but real Cloud Signature Consortium API v2 server, for the demo and the tests.

Mounted at /csc/v2/. It keeps its own keys (encrypted, in ``PRIMARIA_PKI_DIR/csc-server``), and the
platform reaches it only over HTTP, exactly as it would reach a commercial remote signing service.
It is switched on only when ``PRIMARIA_CSC_SERVER_ACCOUNTS`` names at least one account.
"""
