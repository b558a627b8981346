"""Benchmark of the session layer against bare Tornado and express-session.

``make bench`` runs :mod:`bench.run`; results land in ``bench/RESULTS.md``.
"""
