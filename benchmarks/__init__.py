"""Benchmarks of the functions-keda component: program time against a bare-Pulumi floor, discovery, imports."""
