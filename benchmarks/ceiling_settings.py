"""The product's settings plus one minimal page, `/_plafon/`: the ceiling the benchmarks measure pages against.

The page is signed-in only and passes through every middleware of the product, on the same server settings;
what it costs is what any page costs before its own work starts. Only the benchmarks serve it.
"""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "benchmarks.ceiling_urls"
