"""Benchmarks: the app's costs beside their baselines, measured in one run (``python -m
benchmarks``); the test run calls it at a tiny size so a broken benchmark fails the build."""
