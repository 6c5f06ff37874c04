"""Rulebook: an organ's rules, procedures and posts as a validated, searchable site.

The pipeline is load -> check -> render / index -> serve; each stage is a
module of this package and the CLI (`indexer.cli`) is a thin layer over them.
"""

__version__ = "0.1.0"
